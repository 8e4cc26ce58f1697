@requires_quotations_from_scm
Feature: Scenario 5 - Prospect on the sales quotation lifecycle from SCM
  Source: section "Scenario 5: Use prospect on sales quotation lifecycle from Dynamics 365 Supply
  Chain Management".

  Readings:
  - Step 4: "It is intentional, that no dialogue is thrown in the UI" has no observable result in
    records; the contract's conversion action takes no customer group or number, which is the same
    statement for an adapter.
  - Steps 1 to 3 state no results; they are the Given of every scenario here.
  - The SCM quotation and the Sales quote are found by their account, and the sales order in each
    system by its customer account: the kit does not require the two systems to share quotation or
    order numbers.

  @p2c_s5_01
  Scenario: Convert to customer on the quotation creates a customer account with the prospect's number
    Source: Scenario 5, step 4, Result: "A customer account is created in Dynamics 365 Supply Chain
    Management from the prospect. Customer account number is the same as prospect irrespective of
    customer number sequence setup".

    Given a sent quotation in SCM for a prospect of type organization
    When the user selects Convert to customer on the quotation in SCM
    Then SCM has a customer account with the same number as the prospect, of party type organization

  @p2c_s5_02
  Scenario: Convert to customer on the quotation takes the customer group from the Sales and marketing parameters
    Source: Scenario 5, step 4, Result: "Customer group is defaulted into the process from Dynamics
    365 Supply Chain Management Sales and Marketing parameters for prospects."

    Given a sent quotation in SCM for a prospect of type organization
    When the user selects Convert to customer on the quotation in SCM
    Then the customer group of the SCM customer is the prospect customer group of the Sales and marketing parameters

  @p2c_s5_03
  Scenario: Convert to customer on the quotation retires the prospect and changes its type to Customer
    Source: Scenario 5, step 4, Result: "The prospect in Dynamics 365 Supply Chain Management is
    retired and the type is changed from Prospect to Customer."

    Given a sent quotation in SCM for a prospect of type organization
    When the user selects Convert to customer on the quotation in SCM
    Then the prospect in SCM is retired
    And the relationship type of the prospect in SCM is Customer

  @p2c_s5_04
  Scenario: Convert to customer on the quotation changes the Sales account to type Customer
    Source: Scenario 5, step 4, Result: "In Dynamics 365 Sales, the account type prospect is changed
    to type Customer."

    Given a sent quotation in SCM for a prospect of type organization
    When the user selects Convert to customer on the quotation in SCM
    Then Sales has an account of relationship type Customer with the same account number as the prospect

  @p2c_s5_05
  Scenario: Confirming the quotation creates a sales order in SCM for the customer
    Source: Scenario 5, step 5, Result: "A sales order is created in Dynamics 365 Supply Chain
    Management from the quotation confirmation."

    Given a sent quotation in SCM for a prospect of type organization
    And the prospect was converted to a customer from the quotation in SCM
    When the user confirms the quotation in SCM
    Then SCM has a sales order for the customer account, created from the quotation
    And the sales order in SCM has the lines the user added to the quotation
    And the sales quotation in SCM is Confirmed

  @p2c_s5_06
  Scenario: The sales order created from the quotation is synchronized to Sales
    Source: Scenario 5, step 5, Result: "The sales order is synchronized to Dynamics 365 Sales."

    Given a sent quotation in SCM for a prospect of type organization
    And the prospect was converted to a customer from the quotation in SCM
    When the user confirms the quotation in SCM
    Then Sales has an order for the customer account
    And the order in Sales has the lines of the sales order in SCM

  @p2c_s5_07
  Scenario: Confirming the quotation updates the quote in Sales to Won
    Source: Scenario 5, step 5, Result: "The sales quotation in Dynamics 365 Sales is updated to won."

    Given a sent quotation in SCM for a prospect of type organization
    And the prospect was converted to a customer from the quotation in SCM
    When the user confirms the quotation in SCM
    Then the quote in Sales is Won

  @p2c_s5_08 @negative @assumption_quotation_confirmed_once
  Scenario: A quotation cannot be confirmed twice, and nothing changes
    Source: Scenario 5, step 5, Result: "A sales order is created ... from the quotation
    confirmation." Reading: one confirmation, one sales order; a second confirmation is refused.

    Given a sent quotation in SCM for a prospect of type organization
    And the prospect was converted to a customer from the quotation in SCM
    And the user confirms the quotation in SCM
    When the user tries to confirm the quotation in SCM again
    Then the action is refused
    And neither system changed
