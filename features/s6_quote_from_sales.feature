@requires_quotes_from_sales @requires_prospects_from_sales
Feature: Scenario 6 - Prospect on the sales quotation lifecycle from Sales
  Source: section "Scenario 6: Use prospect on sales quotation lifecycle from Dynamics 365 Sales".

  Readings:
  - Step 2's address lookup offers the addresses of role delivery of the potential customer.
  - The SCM quotation is the one for the prospect's account, and the sales order in SCM is the one
    for the customer account: the kit does not require shared quotation or order numbers.

  @p2c_s6_01 @gab
  Scenario: With GAB, the quote's address lookup offers the prospect's delivery address as ship-to address
    Source: Scenario 6, step 2, Note: "If the dual write GAB solution is deployed then, in Dynamics
    365 Sales on the quote, use the address lookup to choose a delivery address by choosing ship to
    address in the Summary tab, Address section."

    Given the user creates an account of relationship type Prospect in Sales with an account number of their choice
    And the user adds an address of role delivery on the Addresses tab of the prospect in Sales
    And the user creates a quote in Sales with the prospect as potential customer, with lines
    When the user opens the ship-to address lookup on the quote
    And the user chooses the prospect's delivery address in the lookup
    Then the quote's ship-to address is the prospect's delivery address

  @p2c_s6_02 @no_gab
  Scenario: Without GAB, the quote has no address lookup
    Source: Scenario 6, step 2, Note: "If the dual write GAB solution is not deployed, there is no
    address lookup."

    Given the user creates an account of relationship type Prospect in Sales with an account number of their choice
    And the user adds a delivery address and an invoice address to the prospect in Sales on the Summary tab
    And the user creates a quote in Sales with the prospect as potential customer, with lines
    When the user opens the ship-to address lookup on the quote
    Then the quote has no address lookup
    And the quote in Sales is unchanged by the action

  @p2c_s6_10 @no_gab @negative
  Scenario: Without GAB, no ship-to address can be chosen from an address lookup on the quote
    Source: Scenario 6, step 2, Note: "If the dual write GAB solution is not deployed, there is no
    address lookup."
    Reading: the implementation may refuse the choice or ignore it; either way the quote in Sales
    does not change.

    Given the user creates an account of relationship type Prospect in Sales with an account number of their choice
    And the user adds a delivery address and an invoice address to the prospect in Sales on the Summary tab
    And the user creates a quote in Sales with the prospect as potential customer, with lines
    When the user tries to choose the prospect's delivery address as the quote's ship-to address
    Then the quote in Sales is unchanged by the action

  @p2c_s6_03
  Scenario: Creating an order from the quote changes the Sales account from Prospect to Customer
    Source: Scenario 6, step 3, Result: "In Dynamics 365 Sales, the account type prospect is changed
    to type customer."

    Given an active quote in Sales for a prospect account
    When the user selects Create order on the quote in Sales
    Then Sales has an account of relationship type Customer with the same account number as the prospect

  @p2c_s6_04
  Scenario: Creating an order from the quote creates a customer account with the prospect's number in SCM
    Source: Scenario 6, step 3, Result: "In Dynamics 365 Supply Chain Management, a customer account
    is created from the prospect with the same account number as the prospect, irrespective of
    customer number sequence setup".

    Given an active quote in Sales for a prospect account
    When the user selects Create order on the quote in Sales
    Then SCM has a customer account with the same number as the prospect, of party type organization

  @p2c_s6_05
  Scenario: Creating an order from the quote takes the customer group from the SCM Sales and marketing parameters
    Source: Scenario 6, step 3, Result: "Customer group is defaulted into the process from Dynamics
    365 Supply Chain Management Sales and Marketing parameters for prospects."

    Given an active quote in Sales for a prospect account
    When the user selects Create order on the quote in Sales
    Then the customer group of the SCM customer is the prospect customer group of the Sales and marketing parameters

  @p2c_s6_06
  Scenario: Creating an order from the quote retires the SCM prospect and changes its type to Customer
    Source: Scenario 6, step 3, Result: "The prospect in Dynamics 365 Supply Chain Management is
    retired and the type is changed from Prospect to Customer."

    Given an active quote in Sales for a prospect account
    When the user selects Create order on the quote in Sales
    Then the prospect in SCM is retired
    And the relationship type of the prospect in SCM is Customer

  @p2c_s6_07
  Scenario: Creating an order from the quote processes the SCM sales quotation to Confirmed
    Source: Scenario 6, step 3, Result: "The sales quotation in Dynamics 365 Supply Chain Management
    is processed to confirmed".

    Given an active quote in Sales for a prospect account
    When the user selects Create order on the quote in Sales
    Then the sales quotation in SCM is Confirmed

  @p2c_s6_08
  Scenario: The order created from the quote is synchronized to SCM as a sales order for the customer
    Source: Scenario 6, step 3, Result: "the sales order is synchronized from Dynamics 365 Sales and
    created in Dynamics 365 Supply Chain Management."

    Given an active quote in Sales for a prospect account
    When the user selects Create order on the quote in Sales
    Then SCM has a sales order for the customer account
    And the sales order in SCM has the lines of the order in Sales

  @p2c_s6_09 @assumption_order_lines_from_quote
  Scenario: The order created from the quote has the quote's lines
    Source: Scenario 6, step 2: "Proceed with creating the sales quotation details and add lines";
    step 3: "Then select the action Create order". Reading: the document states no result of
    Create order in Sales itself; the order it creates has the lines added to the quote, which is
    what creating an order from a quote means in Sales.

    Given an active quote in Sales for a prospect account
    When the user selects Create order on the quote in Sales
    Then the order in Sales has the lines the user added to the quote
