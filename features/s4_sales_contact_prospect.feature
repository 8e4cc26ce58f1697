@requires_prospects_from_sales @requires_person_prospects
Feature: Scenario 4 - Prospect lifecycle managed from Sales, prospect of type person
  Source: section "Scenario 4: Prospect lifecycle managed from Dynamics 365 Sales - Prospect of type
  person".

  Readings:
  - Step 1 says the business relation is created "with contact Last name as prospect ID". The kit
    takes this literally: the SCM prospect's number is the Sales contact's last name, and (by the
    general rule of identical numbers) so is the Sales contact's prospect number.
  - Step 1's result names no contact in SCM for the contact created from the Contacts for Party
    tab; the kit asserts nothing about it.
  - Step 3's customer group: as in Scenario 2 (@assumption_customer_group_chosen_in_sales).

  @p2c_s4_01
  Scenario: A contact with Is Prospect set to Yes becomes a business relation of type Prospect of type person, numbered by its last name
    Source: Scenario 4, step 1, Result: "A new business relation type prospect (of type person) is
    created in Dynamics 365 Supply Chain Management with contact Last name as prospect ID
    irrespective of number sequence for prospect setup".

    When the user creates a contact with Is Prospect set to Yes in Sales
    And the user creates a contact for the prospect in Sales
    Then SCM has a business relation of type Prospect for the prospect, of party type person
    And the prospect's number is the last name of the Sales contact

  @p2c_s4_02 @assumption_prospect_sequence_untouched
  Scenario: A person prospect created in Sales does not consume the SCM prospect number sequence
    Source: Scenario 4, step 1, Result: "... irrespective of number sequence for prospect setup in
    Dynamics 365 Supply Chain Management."

    When the user creates a contact with Is Prospect set to Yes in Sales
    Then the SCM prospect number sequence is unchanged by the action

  @p2c_s4_03
  Scenario Outline: Addresses added to the contact in Sales reach SCM with GAB, and intentionally not without it
    Source: Scenario 4, step 2: with GAB, "An address of role delivery and an address of role
    invoice is created in Dynamics 365 Supply Chain Management and associated with the prospect";
    without GAB, "No addresses are created in Dynamics 365 Supply Chain Management and associated
    with the prospect. This is intentional."

    Given the user creates a contact with Is Prospect set to Yes in Sales
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

  @p2c_s4_04
  Scenario: Setting Is Customer to Yes changes the SCM business relation type from Prospect to Customer
    Source: Scenario 4, step 3, Result: "The business relation type for the prospect in Dynamics
    365 Supply Chain Management is changed from Prospect to Customer."

    Given the user creates a contact with Is Prospect set to Yes in Sales
    When the user changes Is Customer of the contact from No to Yes and selects a customer group other than the prospect customer group
    Then the relationship type of the prospect in SCM is Customer

  @p2c_s4_05
  Scenario: Setting Is Customer to Yes creates a customer account with the prospect's number in SCM
    Source: Scenario 4, step 3, Result: "A customer account is created in with the same account
    number as prospect, irrespective of the number sequence for customer accounts in Dynamics 365
    Supply Chain Management."

    Given the user creates a contact with Is Prospect set to Yes in Sales
    When the user changes Is Customer of the contact from No to Yes and selects a customer group other than the prospect customer group
    Then SCM has a customer account with the same number as the prospect, of party type person

  @p2c_s4_06
  Scenario Outline: The person customer account in SCM has the synchronized addresses with GAB, and none without
    Source: Scenario 4, step 3, Note: "If the Dual write GAB solution is deployed, delivery and
    invoice addresses already synched are associated with the customer account ... If the Dual write
    GAB solution is not deployed, no delivery and invoice addresses associated with the contact in
    Dynamics 365 Sales are synchronized and created in Dynamics 365 Supply Chain Management."

    Given the user creates a contact with Is Prospect set to Yes in Sales
    And the user adds a delivery address and an invoice address to the prospect in Sales <where>
    When the user changes Is Customer of the contact from No to Yes and selects a customer group other than the prospect customer group
    Then the customer account in SCM has these addresses: <scm_addresses>

    @gab
    Examples: GAB solution deployed
      | case | where                          | scm_addresses        |
      | gab  | on the Addresses tab with roles | delivery and invoice |

    @no_gab
    Examples: GAB solution not deployed
      | case   | where              | scm_addresses |
      | no_gab | on the Summary tab | none          |

  @p2c_s4_07 @assumption_customer_group_chosen_in_sales
  Scenario: The person customer account gets the customer group selected in Sales
    Source: Scenario 4, step 3: "Change the IS Customer value from No to Yes. Select the
    appropriate Customer group."

    Given the user creates a contact with Is Prospect set to Yes in Sales
    When the user changes Is Customer of the contact from No to Yes and selects a customer group other than the prospect customer group
    Then the customer group of the SCM customer is the one the user selected

  @p2c_s4_08 @gab @negative
  Scenario: An address without a role on the contact does not reach SCM
    Source: Scenario 4, step 2, Note: "For addresses created on the contact in Dynamics 365 Sales to
    synchronize to Dynamics 365 Supply Chain Management, a role must be associated with each
    address."

    Given the user creates a contact with Is Prospect set to Yes in Sales
    When the user adds an address without a role on the Addresses tab of the prospect in Sales
    Then SCM has these addresses for the prospect: none

  @p2c_s4_09 @no_gab @negative
  Scenario: Without GAB no role can be associated with an address on the contact, and no address reaches SCM
    Source: Scenario 4, step 2, Note: "For addresses created on the contact in Dynamics 365 Sales to
    synchronize to Dynamics 365 Supply Chain Management, a role must be associated with each
    address. it is only possible to associate a role when creating an address on an contact in
    Dynamics 365 Sales when the dual write GAB solution is deployed."
    Reading: the implementation may refuse the address or keep it without the role; either way
    no address of the contact has a role, and none reaches SCM.

    Given the user creates a contact with Is Prospect set to Yes in Sales
    When the user tries to add an address of role invoice on the Addresses tab of the prospect in Sales
    Then no address of the prospect in Sales has a role
    And SCM has these addresses for the prospect: none
