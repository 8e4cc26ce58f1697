@requires_prospects_from_sales
Feature: Scenario 2 - Prospect lifecycle managed from Sales, prospect as account
  Source: section "Scenario 2: Prospect lifecycle managed from Dynamics 365 Sales - Prospect as
  account".

  Readings:
  - The account number the user selects here does not follow the SCM prospect number sequence's
    format, so that "irrespective of number sequence for prospect setup" is put to the test.
  - Step 3 says the user selects "the appropriate Customer group" but no result names the SCM
    customer's group. The kit reads it as the group the user selected (@assumption_customer_group_chosen_in_sales).
    The user selects a group other than the prospect customer group of SCM's Sales and marketing
    parameters, so that the SCM customer's group tells which of the two it got.

  @p2c_s2_01
  Scenario: An account of relationship type Prospect created in Sales becomes a business relation of type Prospect in SCM with the same number
    Source: Scenario 2, step 1, Result: "A new business relation type Prospect (of type
    organization) is created in Dynamics 365 Supply Chain Management with same number as in
    Dynamics 365 Sales, irrespective of number sequence for prospect setup".

    When the user creates an account of relationship type Prospect in Sales with an account number of their choice
    Then SCM has a business relation of type Prospect for the prospect, of party type organization
    And the prospect's number is the account number the user selected

  @p2c_s2_02 @assumption_prospect_sequence_untouched
  Scenario: A prospect created in Sales does not consume the SCM prospect number sequence
    Source: Scenario 2, step 1, Result: "... irrespective of number sequence for prospect setup in
    Dynamics 365 Supply Chain Management."
    Reading: the prospect number sequence is not used, so its next number is the same afterwards.

    When the user creates an account of relationship type Prospect in Sales with an account number of their choice
    Then the SCM prospect number sequence is unchanged by the action

  @p2c_s2_03
  Scenario: A contact created for the prospect in Sales is created in SCM and associated with the prospect
    Source: Scenario 2, step 1, Result: "A contact is created in Dynamics 365 Supply Chain
    Management and associated with the prospect."

    Given the user creates an account of relationship type Prospect in Sales with an account number of their choice
    When the user creates a contact for the prospect in Sales
    Then the contact is related to the prospect in SCM

  @p2c_s2_04
  Scenario Outline: Addresses added to the prospect in Sales reach SCM with GAB, and intentionally not without it
    Source: Scenario 2, step 2: with GAB, "An address of role delivery and an address of role
    invoice is created in Dynamics 365 Supply Chain Management and associated with the prospect";
    without GAB, "It is intentional that no addresses are created in Dynamics 365 Supply Chain
    Management and associated with the prospect."

    Given the user creates an account of relationship type Prospect in Sales with an account number of their choice
    When the user adds a delivery address and an invoice address to the prospect in Sales <where>
    Then SCM has these addresses for the prospect: <scm_addresses>

    @gab
    Examples: GAB solution deployed
      | case | where                          | scm_addresses        |
      | gab  | on the Addresses tab with roles | delivery and invoice |

    @no_gab
    Examples: GAB solution not deployed
      | case   | where              | scm_addresses |
      | no_gab | on the Summary tab | none          |

  @p2c_s2_05 @gab @negative
  Scenario: An address without a role does not reach SCM
    Source: Scenario 2, step 2, Note: "For addresses created on the account in Dynamics 365 Sales to
    synchronize to Dynamics 365 Supply Chain Management, a role must be associated with each
    address."

    Given the user creates an account of relationship type Prospect in Sales with an account number of their choice
    When the user adds an address without a role on the Addresses tab of the prospect in Sales
    Then SCM has these addresses for the prospect: none

  @p2c_s2_06
  Scenario: Making the Sales account a customer changes the SCM business relation type from Prospect to Customer
    Source: Scenario 2, step 3, Result: "The business relation type for the prospect in Dynamics
    365 Supply Chain Management is changed from Prospect to Customer." The user's own step:
    "Change the relationship type to Customer": the account changes, it is not replaced.

    Given the user creates an account of relationship type Prospect in Sales with an account number of their choice
    When the user changes the relationship type of the account to Customer and selects a customer group other than the prospect customer group
    Then the relationship type of the prospect in SCM is Customer
    And Sales has an account of relationship type Customer with the same account number as the prospect

  @p2c_s2_07
  Scenario: Making the Sales account a customer creates a customer account with the prospect's number in SCM
    Source: Scenario 2, step 3, Result: "A customer account is created with the same account number
    as the prospect, irrespective of the number sequence for customer accounts in Dynamics 365 Supply
    Chain Management."

    Given the user creates an account of relationship type Prospect in Sales with an account number of their choice
    When the user changes the relationship type of the account to Customer and selects a customer group other than the prospect customer group
    Then SCM has a customer account with the same number as the prospect, of party type organization

  @p2c_s2_08 @assumption_customer_group_chosen_in_sales
  Scenario: The SCM customer account gets the customer group selected in Sales
    Source: Scenario 2, step 3: "Change the relationship type to Customer. Select the appropriate
    Customer group."

    Given the user creates an account of relationship type Prospect in Sales with an account number of their choice
    When the user changes the relationship type of the account to Customer and selects a customer group other than the prospect customer group
    Then the customer group of the SCM customer is the one the user selected

  @p2c_s2_09
  Scenario: The prospect's contact is associated with the new customer account in SCM
    Source: Scenario 2, step 3, Result: "The contact is associated with the customer account in
    Dynamics 365 Supply Chain Management."

    Given the user creates an account of relationship type Prospect in Sales with an account number of their choice
    And the user creates a contact for the prospect in Sales
    When the user changes the relationship type of the account to Customer and selects a customer group other than the prospect customer group
    Then the contact is related to the customer account in SCM

  @p2c_s2_10
  Scenario Outline: The customer account in SCM has the synchronized addresses with GAB, and none without
    Source: Scenario 2, step 3, Note: "If the Dual write GAB solution is deployed, then delivery and
    invoice addresses already synchronized are associated with the customer account ... If the Dual
    write GAB solution is not deployed, then no delivery and invoice addresses are synchronized and
    created in Dynamics 365 Supply Chain Management for the customer account."

    Given the user creates an account of relationship type Prospect in Sales with an account number of their choice
    And the user adds a delivery address and an invoice address to the prospect in Sales <where>
    When the user changes the relationship type of the account to Customer and selects a customer group other than the prospect customer group
    Then the customer account in SCM has these addresses: <scm_addresses>

    @gab
    Examples: GAB solution deployed
      | case | where                          | scm_addresses        |
      | gab  | on the Addresses tab with roles | delivery and invoice |

    @no_gab
    Examples: GAB solution not deployed
      | case   | where              | scm_addresses |
      | no_gab | on the Summary tab | none          |

  @p2c_s2_11 @negative @assumption_unknown_customer_group_refused
  Scenario: Making the Sales account a customer with an unknown customer group is refused, and nothing changes
    Source: Scenario 2, step 3: "Select the appropriate Customer group." Reading: a customer group
    that does not exist cannot be selected.

    Given the user creates an account of relationship type Prospect in Sales with an account number of their choice
    When the user tries to change the relationship type of the account to Customer with a customer group that does not exist in SCM
    Then the action is refused
    And neither system changed

  @p2c_s2_12 @negative @assumption_duplicate_number_refused
  Scenario: A second prospect account with the same account number is refused, and nothing changes
    Source: Number sequences: prospect account numbers are "the same in Dynamics 365 Sales and
    Dynamics 365 Supply Chain Management". Reading: a number identifies one prospect on both sides,
    so a duplicate account number is refused.

    Given the user creates an account of relationship type Prospect in Sales with an account number of their choice
    When the user tries to create another account of relationship type Prospect in Sales with the same account number
    Then the action is refused
    And neither system changed

  @p2c_s2_13 @no_gab @negative
  Scenario: Without GAB no role can be associated with an address on the account, and no address reaches SCM
    Source: Scenario 2, step 2, Note: "For addresses created on the account in Dynamics 365 Sales to
    synchronize to Dynamics 365 Supply Chain Management, a role must be associated with each
    address. It is only possible to associate a role when creating an address on an account in
    Dynamics 365 Sales when the dual write GAB solution is deployed."
    Reading: the implementation may refuse the address or keep it without the role; either way
    no address of the account has a role, and none reaches SCM.

    Given the user creates an account of relationship type Prospect in Sales with an account number of their choice
    When the user tries to add an address of role delivery on the Addresses tab of the prospect in Sales
    Then no address of the prospect in Sales has a role
    And SCM has these addresses for the prospect: none

  @p2c_s2_14 @gab @negative
  Scenario: An address without a role does not reach SCM when the account becomes a customer either
    Source: Scenario 2, step 2, Note: "For addresses created on the account in Dynamics 365 Sales to
    synchronize to Dynamics 365 Supply Chain Management, a role must be associated with each
    address."

    Given the user creates an account of relationship type Prospect in Sales with an account number of their choice
    And the user adds an address without a role on the Addresses tab of the prospect in Sales
    When the user changes the relationship type of the account to Customer and selects a customer group other than the prospect customer group
    Then the customer account in SCM has these addresses: none

  @p2c_s2_15 @no_gab @negative
  Scenario: Without GAB an address the user tried to give a role reaches SCM neither before nor when the account becomes a customer
    Source: Scenario 2, step 2, Note: "It is only possible to associate a role when creating an
    address on an account in Dynamics 365 Sales when the dual write GAB solution is deployed." Step
    3, Note: "If the Dual write GAB solution is not deployed, then no delivery and invoice addresses
    are synchronized and created in Dynamics 365 Supply Chain Management for the customer account."

    Given the user creates an account of relationship type Prospect in Sales with an account number of their choice
    And the user tries to add an address of role delivery on the Addresses tab of the prospect in Sales
    When the user changes the relationship type of the account to Customer and selects a customer group other than the prospect customer group
    Then the customer account in SCM has these addresses: none
