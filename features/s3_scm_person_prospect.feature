@requires_person_prospects
Feature: Scenario 3 - Prospect lifecycle managed from SCM, prospect of type person
  Source: section "Scenario 3: Prospect lifecycle managed from Dynamics 365 Supply Chain Management -
  Prospect of type person".

  Readings:
  - Step 2 note, as in Scenario 1: "either both the delivery and invoice addresses or only the
    delivery address" go with GAB deployed and not deployed respectively.
  - Without GAB the document does not say where the prospect's contact appears in Sales before the
    conversion; the kit asserts nothing there.

  @p2c_s3_01
  Scenario: A person prospect created in SCM is numbered from the prospect number sequence
    Source: Scenario 3, step 1, Result: "The new prospect is created using the number sequence
    setup for the prospect entity in Dynamics 365 Supply Chain Management."

    When the user creates a prospect of type person in SCM
    Then SCM has a business relation of type Prospect for the prospect, of party type person
    And the prospect's number is the next number of the SCM prospect number sequence
    And the SCM prospect number sequence has moved on past the prospect's number

  @p2c_s3_02
  Scenario: A person prospect created in SCM appears in Sales as a contact with Is Prospect set to Yes
    Source: Scenario 3, step 1, Result: "The new prospect is created as a contact with the Is
    Prospect value set to Yes in Dynamics 365 Sales." Is Customer is No until the conversion,
    which changes it "from Is Prospect value Yes to No, and Is Customer value No to Yes" (step 3).

    When the user creates a prospect of type person in SCM
    Then Sales has a contact with Is Prospect Yes and Is Customer No with the same number as the prospect

  @p2c_s3_03
  Scenario Outline: The person prospect's delivery address reaches Sales, and its invoice address only with GAB
    Source: Scenario 3, step 2, Note: "Depending on whether the dual write GAB solution is deployed,
    either both the delivery and invoice addresses or only the delivery address are created in
    Dynamics 365 Sales for the contact with the Is Prospect value set to Yes."

    Given the user creates a prospect of type person in SCM
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

  @p2c_s3_04 @gab
  Scenario: With GAB, the person prospect's contact is in the Contacts for Party tab in Sales
    Source: Scenario 3, step 2, Note: "If dual write GAB solution is deployed, then the contact is
    associated to the prospect represented by the contact IS Prospect Yes via the party relation. The
    contact can be accessed in the Contacts for Party tab for the contact in Dynamics 365 Sales."

    Given the user creates a prospect of type person in SCM
    When the user creates a contact for the prospect in SCM
    Then the contact person surfaces in Sales in the Contacts for Party tab of the contact

  @p2c_s3_05
  Scenario: Converting the person prospect creates a customer account of type person with the prospect's number
    Source: Scenario 3, step 3, Result: "A customer account of type person is created in Dynamics 365
    Supply Chain Management from the prospect. Customer account number is the same as prospect
    irrespective of customer number sequence setup".

    Given a prospect of type person created in SCM with a delivery address, an invoice address and a contact
    When the user converts the prospect to a customer in SCM
    Then SCM has a customer account with the same number as the prospect, of party type person

  @p2c_s3_06
  Scenario: Converting the person prospect takes the customer group from the Sales and marketing parameters
    Source: Scenario 3, step 3, Result: "Customer group is defaulted into the process from the
    setup in Sales and Marketing parameters for prospects."

    Given a prospect of type person created in SCM with a delivery address, an invoice address and a contact
    When the user converts the prospect to a customer in SCM
    Then the customer group of the SCM customer is the prospect customer group of the Sales and marketing parameters

  @p2c_s3_07
  Scenario: Converting the person prospect retires it and changes its type to Customer
    Source: Scenario 3, step 3, Result: "The prospect in Dynamics 365 Supply Chain Management is
    retired and the type is changed from Prospect to Customer."

    Given a prospect of type person created in SCM with a delivery address, an invoice address and a contact
    When the user converts the prospect to a customer in SCM
    Then the prospect in SCM is retired
    And the relationship type of the prospect in SCM is Customer

  @p2c_s3_08
  Scenario: Converting the person prospect relates its addresses and contacts in SCM to the new customer account
    Source: Scenario 3, step 3, Result: "Addresses and contacts in Dynamics 365 Supply Chain
    Management are related to the new customer account created in Dynamics 365 Supply Chain
    Management."

    Given a prospect of type person created in SCM with a delivery address, an invoice address and a contact
    When the user converts the prospect to a customer in SCM
    Then the customer account in SCM has these addresses: delivery and invoice
    And the contact is related to the customer account in SCM

  @p2c_s3_09
  Scenario: Converting the person prospect makes the Sales contact a customer
    Source: Scenario 3, step 3, Result: "The contact in Dynamics 365 Sales is changed from Is
    Prospect value Yes to No, and Is Customer value No to Yes."

    Given a prospect of type person created in SCM with a delivery address, an invoice address and a contact
    When the user converts the prospect to a customer in SCM
    Then Sales has a contact with Is Prospect No and Is Customer Yes with the same number as the prospect

  @p2c_s3_10
  Scenario: After the conversion the person customer's contact is in its Associated Contacts tab in Sales
    Source: Scenario 3, step 3, Result: "The contact associated with the contact IS Customer Yes,
    can now be accessed from the Associated Contacts tab."

    Given a prospect of type person created in SCM with a delivery address, an invoice address and a contact
    When the user converts the prospect to a customer in SCM
    Then the contact person surfaces in Sales in the Associated Contacts tab of the contact

  @p2c_s3_11
  Scenario: The person customer's account number cannot be changed in the converting process
    Source: Scenario 3, step 3, Result: "It is intentional that it cannot be changed in the
    converting process."
    Reading: as in @p2c_s1_07, an implementation may refuse the attempt or ignore the number given.

    Given the user creates a prospect of type person in SCM
    When the user tries to convert the prospect to a customer in SCM with a customer account number other than the prospect's
    Then SCM has no customer account with the number the user entered
