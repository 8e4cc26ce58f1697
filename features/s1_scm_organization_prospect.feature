Feature: Scenario 1 - Prospect lifecycle managed from SCM, prospect of type organization
  Source: section "Scenario 1: Prospect lifecycle managed from Dynamics 365 Supply Chain Management -
  prospect of type organization".

  Readings:
  - Step 2 note: "either both the delivery address and invoice address is created ... or only the
    delivery address": "either" goes with GAB deployed, "or" with GAB not deployed. Step 3's note
    confirms it: without GAB the invoice address reaches Sales only at the conversion.
  - Step 2 note on the contact: the same order of "either" and "or" is the kit's reading
    (@assumption_contact_placement_by_gab); with GAB, contacts travel on party relations, which
    is what Scenario 3 says surfaces them in tabs of associated contacts.
  - Scenarios without a @gab or @no_gab tag hold in both deployments and run in both.

  @p2c_s1_01
  Scenario: A prospect created in SCM is numbered from the prospect number sequence
    Source: Scenario 1, step 1, Result: "The new prospect is created using the number sequence
    setup for the prospect entity in Dynamics 365 Supply Chain Management."

    When the user creates a prospect of type organization in SCM
    Then SCM has a business relation of type Prospect for the prospect, of party type organization
    And the prospect's number is the next number of the SCM prospect number sequence
    And the SCM prospect number sequence has moved on past the prospect's number

  @p2c_s1_02
  Scenario: A prospect created in SCM appears in Sales as an account of relationship type Prospect with the same number
    Source: Scenario 1, step 1, Result: "A new account of relationship type Prospect is created in
    Dynamics 365 Sales with same account number as in Dynamics 365 Supply Chain Management."

    When the user creates a prospect of type organization in SCM
    Then Sales has an account of relationship type Prospect with the same account number as the prospect

  @p2c_s1_03
  Scenario Outline: The prospect's delivery address reaches Sales, and its invoice address only with GAB
    Source: Scenario 1, step 2, Note: "Depending on whether the dual write GAB solution is deployed,
    either both the delivery address and invoice address is created in Dynamics 365 Sales for the
    new account, or only the delivery address."

    Given the user creates a prospect of type organization in SCM
    When the user adds an address of role delivery to the prospect in SCM
    And the user adds an address of role invoice to the prospect in SCM
    Then the prospect's addresses in Sales are: <sales_addresses>

    @gab
    Examples: GAB solution deployed
      | case | sales_addresses      |
      | gab  | delivery and invoice |

    @no_gab
    Examples: GAB solution not deployed
      | case   | sales_addresses |
      | no_gab | delivery only   |

  @p2c_s1_04
  Scenario: A contact of the prospect is created in Sales and associated with the account
    Source: Scenario 1, step 2, Result: "A contact is created in Dynamics 365 Sales and associated
    with the account type Prospect."

    Given the user creates a prospect of type organization in SCM
    When the user creates a contact for the prospect in SCM
    Then Sales has the contact person
    And the contact person is associated with the Sales account

  @p2c_s1_15 @assumption_contact_placement_by_gab
  Scenario Outline: With GAB the contact surfaces in the account's Associated contacts tab, without GAB as its primary contact
    Source: Scenario 1, step 2, Note: "Depending on whether the dual write GAB solution is deployed,
    the contact surfaces either in the Associated contacts tab for the account or on the Account
    page, Summary tab in the primary contact section in Dynamics 365 Sales."
    Reading: "either" goes with GAB deployed, "or" with GAB not deployed, as for the addresses.

    Given the user creates a prospect of type organization in SCM
    When the user creates a contact for the prospect in SCM
    Then the contact person surfaces in Sales in the <place>

    @gab
    Examples: GAB solution deployed
      | case | place                                  |
      | gab  | Associated contacts tab of the account |

    @no_gab
    Examples: GAB solution not deployed
      | case   | place                                                |
      | no_gab | primary contact section of the account's Summary tab |

  @p2c_s1_05
  Scenario: Converting the prospect creates a customer account with the prospect's number
    Source: Scenario 1, step 3, Result: "A customer account is created in Dynamics 365 Supply Chain
    Management from the prospect. Customer account number is the same as prospect irrespective of
    customer number sequence setup in Dynamics 365 Supply Chain Management."

    Given a prospect of type organization created in SCM with a delivery address, an invoice address and a contact
    When the user converts the prospect to a customer in SCM
    Then SCM has a customer account with the same number as the prospect, of party type organization

  @p2c_s1_07
  Scenario: The customer account number cannot be changed in the converting process
    Source: Scenario 1, step 3, Result: "It is intentional that it cannot be changed in the
    converting process."
    Reading: an implementation may refuse the attempt or ignore the number given; either way no
    customer account with that number comes into being.

    Given the user creates a prospect of type organization in SCM
    When the user tries to convert the prospect to a customer in SCM with a customer account number other than the prospect's
    Then SCM has no customer account with the number the user entered

  @p2c_s1_08
  Scenario: Converting the prospect takes the customer group from the Sales and marketing parameters
    Source: Scenario 1, step 3, Result: "Customer group is defaulted into the process from the
    setup in Sales and Marketing parameters for prospects."

    Given a prospect of type organization created in SCM with a delivery address, an invoice address and a contact
    When the user converts the prospect to a customer in SCM
    Then the customer group of the SCM customer is the prospect customer group of the Sales and marketing parameters

  @p2c_s1_09
  Scenario: Converting the prospect retires it and changes its relationship type to Customer
    Source: Scenario 1, step 3, Result: "The prospect in Dynamics 365 Supply Chain Management is
    retired and the relationship type is changed from Prospect to Customer."

    Given a prospect of type organization created in SCM with a delivery address, an invoice address and a contact
    When the user converts the prospect to a customer in SCM
    Then the prospect in SCM is retired
    And the relationship type of the prospect in SCM is Customer

  @p2c_s1_10
  Scenario: Converting the prospect relates its addresses and contacts in SCM to the new customer account
    Source: Scenario 1, step 3, Result: "Addresses and contacts in Dynamics 365 Supply Chain
    Management are related to the new customer account created."

    Given a prospect of type organization created in SCM with a delivery address, an invoice address and a contact
    When the user converts the prospect to a customer in SCM
    Then the customer account in SCM has these addresses: delivery and invoice
    And the contact is related to the customer account in SCM

  @p2c_s1_11
  Scenario: Converting the prospect changes the Sales account to relationship type Customer
    Source: Scenario 1, step 3, Result: "The account of relationship type Prospect in Dynamics 365
    Sales is changed to account relationship type customer."

    Given a prospect of type organization created in SCM with a delivery address, an invoice address and a contact
    When the user converts the prospect to a customer in SCM
    Then Sales has an account of relationship type Customer with the same account number as the prospect

  @p2c_s1_12 @gab
  Scenario: With GAB, converting the prospect makes the Sales account a customer and leaves its addresses and contact unchanged
    Source: Scenario 1, step 3, Result: "The account of relationship type Prospect in Dynamics 365
    Sales is changed to account relationship type customer." Note: "If the dual write GAB solution
    is deployed, then there are no changes to the already created and synchronized delivery and
    invoice addresses and contact."

    Given a prospect of type organization created in SCM with a delivery address, an invoice address and a contact
    When the user converts the prospect to a customer in SCM
    Then Sales has an account of relationship type Customer with the same account number as the prospect
    And the prospect's addresses and contacts in Sales are unchanged by the action

  @p2c_s1_13 @no_gab
  Scenario: Without GAB, converting the prospect synchronizes its invoice address to the Sales account
    Source: Scenario 1, step 3, Note: "If the dual write GAB solution is not deployed, then the
    address of type invoice is synchronized from the newly created customer account in Dynamics 365
    Supply Chain Management to the account in Dynamics 365 Sales."

    Given a prospect of type organization created in SCM with a delivery address, an invoice address and a contact
    When the user converts the prospect to a customer in SCM
    Then the prospect's addresses in Sales are: delivery and invoice

  @p2c_s1_14 @negative @assumption_retired_prospect_not_converted_again
  Scenario: A customer that is no longer a prospect cannot be converted again, and nothing changes
    Source: Scenario 1, step 3, Result: "The prospect in Dynamics 365 Supply Chain Management is
    retired". Reading: a retired prospect is not converted a second time.

    Given a prospect of type organization created in SCM with a delivery address, an invoice address and a contact
    And the user converts the prospect to a customer in SCM
    When the user tries to convert the prospect to a customer in SCM
    Then the action is refused
    And neither system changed
