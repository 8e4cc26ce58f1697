Feature: General rules - definition of a prospect, leads, and number sequences
  Source: "Work with prospects in prospect-to-cash with Dynamics 365 Sales", sections
  "Definition of a prospect in prospect-to-cash with Dynamics 365 Sales" and
  "Basic integration design assumption - Number sequences".

  Scenarios without a @gab or @no_gab tag hold whether or not the dual-write global address book
  (GAB) solution is deployed, and run in both deployments.

  @p2c_gen_01
  Scenario Outline: A prospect is a business relation of type Prospect in SCM and a prospect in Sales
    Source: Definition of a prospect: "A prospect in Supply Chain Management is a business relation
    of type Prospect, while a prospect in Dynamics 365 Sales is an account of type Prospect."
    A prospect of type person is a contact with Is Prospect set to Yes in Sales (Scenarios 3 and 4).

    When a prospect is created <origin>
    Then SCM has a business relation of type Prospect for the prospect
    And Sales has the prospect as <sales_record>

    Examples: Prospects created in SCM
      | case       | origin                    | sales_record                           |
      | scm_org    | in SCM as an organization | an account of relationship type Prospect |

    @requires_person_prospects
    Examples: Person prospects created in SCM
      | case       | origin                    | sales_record                           |
      | scm_person | in SCM as a person        | a contact with Is Prospect set to Yes  |

    @requires_prospects_from_sales
    Examples: Prospects created in Sales
      | case          | origin                 | sales_record                             |
      | sales_account | in Sales as an account | an account of relationship type Prospect |

    @requires_prospects_from_sales @requires_person_prospects
    Examples: Person prospects created in Sales
      | case          | origin                | sales_record                          |
      | sales_contact | in Sales as a contact | a contact with Is Prospect set to Yes |

  @p2c_gen_02
  Scenario Outline: A prospect has the same number in Sales and SCM whichever side creates it
    Source: Number sequences: "The integration design of prospects ... requires that prospect
    account numbers are the same in Dynamics 365 Sales and Dynamics 365 Supply Chain Management."

    When a prospect is created <origin>
    Then the prospect has the same number in Sales and SCM

    Examples: Prospects created in SCM
      | case    | origin                    |
      | scm_org | in SCM as an organization |

    @requires_person_prospects
    Examples: Person prospects created in SCM
      | case       | origin             |
      | scm_person | in SCM as a person |

    @requires_prospects_from_sales
    Examples: Prospects created in Sales
      | case          | origin                 |
      | sales_account | in Sales as an account |

    @requires_prospects_from_sales @requires_person_prospects
    Examples: Person prospects created in Sales
      | case          | origin                |
      | sales_contact | in Sales as a contact |

  @p2c_gen_06
  Scenario Outline: Several prospects of each kind, created, addressed and given contacts in turns on both sides, each reach the other system as documented
    Source: Number sequences: "The integration design of prospects between Dynamics 365 Sales and
    Dynamics 365 Supply Chain Management requires that prospect account numbers are the same in
    Dynamics 365 Sales and Dynamics 365 Supply Chain Management"; and the results of steps 1 and 2
    of Scenarios 1 to 4, for each kind of prospect.
    Reading: what the document states of a prospect holds for each of several, however the user
    goes from one to the next and from one system to the other. Without GAB the document does not
    say where the contact of a person prospect created in SCM appears in Sales, nor does it say
    that the contact created in Sales for a contact prospect reaches SCM: nothing is checked there.

    When the user creates two prospects of each of these kinds, taking turns between them: <kinds>
    And the user adds a delivery address and an invoice address to each prospect on the side it was created on, in Sales <where>, the last created first
    And the user creates a contact for each prospect on the side it was created on, in the order they were created
    Then the prospects created in SCM are numbered from the SCM prospect number sequence, each with a number of its own
    And the number of each prospect created in Sales is the one the user gave it: the account number selected, or the contact's last name
    And SCM has a business relation of type Prospect for each prospect, of its party type
    And Sales has each organization prospect as an account of relationship type Prospect and each person prospect as a contact with Is Prospect set to Yes
    And the addresses in Sales of each prospect created in SCM are: <sales_addresses>
    And the addresses in SCM of each prospect created in Sales are: <scm_addresses>
    And the contact of each organization created in SCM is associated with its Sales account
    And the contact of each account created in Sales is related to its prospect in SCM
    And the contact of each prospect of these kinds surfaces in the Contacts for Party tab of its Sales contact: <contacts_for_party>

    @gab
    Examples: Organizations created in SCM, GAB solution deployed
      | case         | kinds                | where                           | sales_addresses      | scm_addresses        | contacts_for_party |
      | scm_orgs_gab | organizations in SCM | on the Addresses tab with roles | delivery and invoice | delivery and invoice | none               |

    @no_gab
    Examples: Organizations created in SCM, GAB solution not deployed
      | case            | kinds                | where              | sales_addresses | scm_addresses | contacts_for_party |
      | scm_orgs_no_gab | organizations in SCM | on the Summary tab | delivery only   | none          | none               |

    @gab @requires_person_prospects
    Examples: Organizations and persons created in SCM, GAB solution deployed
      | case         | kinds                                | where                           | sales_addresses      | scm_addresses        | contacts_for_party |
      | scm_both_gab | persons in SCM, organizations in SCM | on the Addresses tab with roles | delivery and invoice | delivery and invoice | persons in SCM     |

    @no_gab @requires_person_prospects
    Examples: Organizations and persons created in SCM, GAB solution not deployed
      | case            | kinds                                | where              | sales_addresses | scm_addresses | contacts_for_party |
      | scm_both_no_gab | persons in SCM, organizations in SCM | on the Summary tab | delivery only   | none          | none               |

    @gab @requires_prospects_from_sales
    Examples: Organizations created in SCM and accounts created in Sales, SCM first, GAB solution deployed
      | case          | kinds                                   | where                           | sales_addresses      | scm_addresses        | contacts_for_party |
      | scm_first_gab | organizations in SCM, accounts in Sales | on the Addresses tab with roles | delivery and invoice | delivery and invoice | none               |

    @no_gab @requires_prospects_from_sales
    Examples: Organizations created in SCM and accounts created in Sales, Sales first, GAB solution not deployed
      | case               | kinds                                   | where              | sales_addresses | scm_addresses | contacts_for_party |
      | sales_first_no_gab | accounts in Sales, organizations in SCM | on the Summary tab | delivery only   | none          | none               |

    @gab @requires_person_prospects @requires_prospects_from_sales
    Examples: Every kind of prospect, SCM first, GAB solution deployed
      | case              | kinds                                                                      | where                           | sales_addresses      | scm_addresses        | contacts_for_party |
      | all_scm_first_gab | organizations in SCM, accounts in Sales, persons in SCM, contacts in Sales | on the Addresses tab with roles | delivery and invoice | delivery and invoice | persons in SCM     |

    @no_gab @requires_person_prospects @requires_prospects_from_sales
    Examples: Every kind of prospect, Sales first, GAB solution not deployed
      | case                   | kinds                                                                      | where              | sales_addresses | scm_addresses | contacts_for_party |
      | all_sales_first_no_gab | accounts in Sales, organizations in SCM, persons in SCM, contacts in Sales | on the Summary tab | delivery only   | none          | none               |

  @p2c_gen_07
  Scenario Outline: Several prospects of each kind, converted one after another on the side each was created on, each become the customer the document describes
    Source: the results of step 3 of Scenarios 1 to 4, for each kind of prospect: for one,
    Scenario 1, step 3: "A customer account is created in Dynamics 365 Supply Chain Management
    from the prospect. Customer account number is the same as prospect irrespective of customer
    number sequence setup in Dynamics 365 Supply Chain Management."
    Reading: what the document states of a conversion holds for each of several, in whatever order
    the user converts them. It does not say which customer group a prospect converted in Sales
    gets (@p2c_s2_08 and @p2c_s4_07 hold the kit's reading), nor what happens to the Sales
    addresses of a person prospect converted in SCM: nothing is checked there.

    Given the user creates two prospects of each of these kinds, taking turns between them: <kinds>
    And the user adds a delivery address and an invoice address to each prospect on the side it was created on, in Sales <where>, the last created first
    And the user creates a contact for each prospect on the side it was created on, in the order they were created
    When the user converts each prospect to a customer on the side it was created on, <order>, selecting in Sales a customer group other than the prospect customer group
    Then SCM has a customer account for each prospect, with the prospect's number and party type
    And the relationship type of each prospect in SCM is Customer
    And the business relation in SCM of each prospect created in SCM is retired
    And the customer group of the customer account of each prospect created in SCM is the prospect customer group of the Sales and marketing parameters
    And the customer account in SCM of each prospect created in SCM has these addresses: delivery and invoice
    And the contact of each prospect created in SCM is related to its customer account in SCM
    And Sales has each organization created in SCM as an account of relationship type Customer
    And the addresses in Sales of each organization created in SCM are: delivery and invoice
    And the addresses and contacts in Sales of each prospect of these kinds are unchanged by the conversions: <unchanged_in_sales>
    And Sales has each person created in SCM as a contact with Is Prospect No and Is Customer Yes
    And the contact of each person created in SCM surfaces in the Associated Contacts tab of its Sales contact
    And the customer account in SCM of each prospect created in Sales has these addresses: <scm_addresses>
    And the contact of each account created in Sales is related to its customer account in SCM

    @gab
    Examples: Organizations created in SCM, GAB solution deployed
      | case         | kinds                | where                           | order                  | scm_addresses        | unchanged_in_sales   |
      | scm_orgs_gab | organizations in SCM | on the Addresses tab with roles | the last created first | delivery and invoice | organizations in SCM |

    @no_gab
    Examples: Organizations created in SCM, GAB solution not deployed
      | case            | kinds                | where              | order                  | scm_addresses | unchanged_in_sales |
      | scm_orgs_no_gab | organizations in SCM | on the Summary tab | the last created first | none          | none               |

    @gab @requires_person_prospects
    Examples: Organizations and persons created in SCM, GAB solution deployed
      | case         | kinds                                | where                           | order                  | scm_addresses        | unchanged_in_sales   |
      | scm_both_gab | persons in SCM, organizations in SCM | on the Addresses tab with roles | the last created first | delivery and invoice | organizations in SCM |

    @no_gab @requires_person_prospects
    Examples: Organizations and persons created in SCM, GAB solution not deployed
      | case            | kinds                                | where              | order                  | scm_addresses | unchanged_in_sales |
      | scm_both_no_gab | persons in SCM, organizations in SCM | on the Summary tab | the last created first | none          | none               |

    @gab @requires_prospects_from_sales
    Examples: Organizations created in SCM and accounts created in Sales, SCM first, GAB solution deployed
      | case          | kinds                                   | where                           | order                          | scm_addresses        | unchanged_in_sales   |
      | scm_first_gab | organizations in SCM, accounts in Sales | on the Addresses tab with roles | in the order they were created | delivery and invoice | organizations in SCM |

    @no_gab @requires_prospects_from_sales
    Examples: Organizations created in SCM and accounts created in Sales, Sales first, GAB solution not deployed
      | case               | kinds                                   | where              | order                          | scm_addresses | unchanged_in_sales |
      | sales_first_no_gab | accounts in Sales, organizations in SCM | on the Summary tab | in the order they were created | none          | none               |

    @gab @requires_person_prospects @requires_prospects_from_sales
    Examples: Every kind of prospect, SCM first, GAB solution deployed
      | case              | kinds                                                                      | where                           | order                          | scm_addresses        | unchanged_in_sales   |
      | all_scm_first_gab | organizations in SCM, accounts in Sales, persons in SCM, contacts in Sales | on the Addresses tab with roles | in the order they were created | delivery and invoice | organizations in SCM |

    @no_gab @requires_person_prospects @requires_prospects_from_sales
    Examples: Every kind of prospect, Sales first, GAB solution not deployed
      | case                   | kinds                                                                      | where              | order                  | scm_addresses | unchanged_in_sales |
      | all_sales_first_no_gab | accounts in Sales, organizations in SCM, persons in SCM, contacts in Sales | on the Summary tab | the last created first | none          | none               |

  @p2c_gen_03 @negative
  Scenario: A lead is not a prospect and produces nothing in SCM
    Source: Definition of a prospect: "From an integration perspective, leads are completely
    different from prospects in both Dynamics 365 Sales and in Dynamics 365 Supply Chain
    management."

    When the user creates a lead in Sales
    Then SCM is unchanged by the action
    And Sales has the lead and no account or contact for it

  @p2c_gen_04 @negative
  Scenario: A prospect whose number is already a customer account cannot be converted in SCM, and nothing changes
    Source: Number sequences: "If number sequences overlap, conflicts can occur when converting a
    prospect to a customer account disallowing the prospect to be converted to a customer."
    Reading: the conflict is a customer account that already has the prospect's number. Here it was
    created in SCM before the integration was enabled, from an overlapping customer number sequence.

    Given the prospect and customer number sequences in SCM overlap
    And SCM has a customer account from before the integration with the number the prospect number sequence issues next
    And the user creates a prospect of type organization in SCM
    When the user tries to convert the prospect to a customer in SCM
    Then the action is refused
    And neither system changed

  @p2c_gen_05 @assumption_customer_sequence_untouched
  Scenario Outline: Converting a prospect, however it is started, creates a customer account with its number and leaves the customer number sequence unchanged
    Source: Scenarios 1 to 6: the customer account number is the prospect's, "irrespective of
    customer number sequence setup".
    Reading: "irrespective of" means the customer number sequence is not used at all, so its next
    number is the same after the conversion.

    When a prospect is converted to a customer <how>
    Then SCM has a customer account with the same number as the prospect
    And the SCM customer number sequence is unchanged by the action

    Examples: Converted in SCM
      | case        | how                                                  |
      | scm_org     | from the All prospects page in SCM, as an organization |

    @requires_person_prospects
    Examples: Person converted in SCM
      | case        | how                                                  |
      | scm_person  | from the All prospects page in SCM, as a person       |

    @requires_prospects_from_sales
    Examples: Converted in Sales
      | case          | how                                                   |
      | sales_account | by changing the Sales account's relationship type      |

    @requires_prospects_from_sales @requires_person_prospects
    Examples: Person converted in Sales
      | case          | how                                              |
      | sales_contact | by setting Is Customer on the Sales contact       |

    @requires_quotations_from_scm
    Examples: Converted from an SCM quotation
      | case          | how                                 |
      | scm_quotation | from a sent quotation in SCM        |

    @requires_quotes_from_sales @requires_prospects_from_sales
    Examples: Converted by an order from a Sales quote
      | case        | how                                        |
      | sales_quote | by creating an order from an active quote in Sales |

  @p2c_gen_08 @assumption_other_records_unchanged
  Scenario Outline: Creating a prospect changes no record of other prospects, customers or leads, and creates none but the prospect's own, in either system
    Source: Definition of a prospect: "leads are completely different from prospects in both
    Dynamics 365 Sales and in Dynamics 365 Supply Chain management"; and step 1 of Scenarios 1 to 4,
    whose results name the records a new prospect makes on each side.
    Reading: a result the document does not state does not happen: an action on one prospect
    changes no record of another prospect, of a customer account or of a lead, and makes no record
    that is not the prospect's own (its account, contact, business relation, customer account,
    quotations and orders, and the contact persons of its Sales record).

    Given other prospects in SCM with addresses and a contact, one of them converted to a customer, a customer account from before the integration and a lead in Sales
    When a prospect is created <origin>
    Then no record but the prospect's own changed or appeared in either system

    Examples: Prospects created in SCM
      | case    | origin                    |
      | scm_org | in SCM as an organization |

    @requires_person_prospects
    Examples: Person prospects created in SCM
      | case       | origin             |
      | scm_person | in SCM as a person |

    @requires_prospects_from_sales
    Examples: Prospects created in Sales
      | case          | origin                 |
      | sales_account | in Sales as an account |

    @requires_prospects_from_sales @requires_person_prospects
    Examples: Person prospects created in Sales
      | case          | origin                |
      | sales_contact | in Sales as a contact |

  @p2c_gen_09 @assumption_other_records_unchanged
  Scenario Outline: Converting a prospect, by any of the document's ways, changes no record of other prospects, customers or leads, and creates none but the prospect's own, in either system
    Source: the results of converting a prospect in Scenarios 1 to 6 ("A customer account is
    created in Dynamics 365 Supply Chain Management from the prospect"), which name the records a
    conversion changes and creates.
    Reading: as in @p2c_gen_08, a conversion changes only the prospect's own records.

    Given other prospects in SCM with addresses and a contact, one of them converted to a customer, a customer account from before the integration and a lead in Sales
    When a prospect is converted to a customer <how>
    Then no record but the prospect's own changed or appeared in either system

    Examples: Converted in SCM
      | case    | how                                                    |
      | scm_org | from the All prospects page in SCM, as an organization |

    @requires_person_prospects
    Examples: Person converted in SCM
      | case       | how                                             |
      | scm_person | from the All prospects page in SCM, as a person |

    @requires_prospects_from_sales
    Examples: Converted in Sales
      | case          | how                                               |
      | sales_account | by changing the Sales account's relationship type |

    @requires_prospects_from_sales @requires_person_prospects
    Examples: Person converted in Sales
      | case          | how                                         |
      | sales_contact | by setting Is Customer on the Sales contact |

    @requires_quotations_from_scm
    Examples: Converted from an SCM quotation
      | case          | how                          |
      | scm_quotation | from a sent quotation in SCM |

    @requires_quotes_from_sales @requires_prospects_from_sales
    Examples: Converted by an order from a Sales quote
      | case        | how                                                |
      | sales_quote | by creating an order from an active quote in Sales |

  @p2c_gen_10 @assumption_other_records_unchanged
  Scenario Outline: Adding an address or a contact to a prospect changes no record of other prospects, customers or leads, and creates none but the prospect's own, in either system
    Source: step 2 of Scenarios 1 to 4, whose results name the records an address or a contact
    makes on each side ("A contact is created in Dynamics 365 Sales and associated with the account
    type Prospect").
    Reading: as in @p2c_gen_08, an address or a contact changes only the prospect's own records.

    Given other prospects in SCM with addresses and a contact, one of them converted to a customer, a customer account from before the integration and a lead in Sales
    And <prospect>
    When <action>
    Then no record but the prospect's own changed or appeared in either system

    Examples: Prospects created in SCM
      | case         | prospect                                                 | action                                                            |
      | scm_delivery | the user creates a prospect of type organization in SCM | the user adds an address of role delivery to the prospect in SCM |
      | scm_invoice  | the user creates a prospect of type organization in SCM | the user adds an address of role invoice to the prospect in SCM  |
      | scm_contact  | the user creates a prospect of type organization in SCM | the user creates a contact for the prospect in SCM               |

    @requires_person_prospects
    Examples: Person prospects created in SCM
      | case                | prospect                                           | action                                                            |
      | scm_person_delivery | the user creates a prospect of type person in SCM | the user adds an address of role delivery to the prospect in SCM |
      | scm_person_contact  | the user creates a prospect of type person in SCM | the user creates a contact for the prospect in SCM               |

    @requires_prospects_from_sales
    Examples: Prospects created in Sales
      | case          | prospect                                                                                              | action                                               |
      | sales_contact | the user creates an account of relationship type Prospect in Sales with an account number of their choice | the user creates a contact for the prospect in Sales |

    @requires_prospects_from_sales @requires_person_prospects
    Examples: Person prospects created in Sales
      | case                  | prospect                                                     | action                                               |
      | sales_contact_contact | the user creates a contact with Is Prospect set to Yes in Sales | the user creates a contact for the prospect in Sales |

  @p2c_gen_11 @assumption_other_records_unchanged @requires_prospects_from_sales
  Scenario Outline: Adding addresses to a prospect in Sales changes no record of other prospects, customers or leads, and creates none but the prospect's own, in either system
    Source: step 2 of Scenarios 2 and 4, whose results name the records addresses added in Sales
    make in SCM ("An address of role delivery and an address of role invoice is created in
    Dynamics 365 Supply Chain Management and associated with the prospect").
    Reading: as in @p2c_gen_08, addresses change only the prospect's own records.

    Given other prospects in SCM with addresses and a contact, one of them converted to a customer, a customer account from before the integration and a lead in Sales
    And the user creates an account of relationship type Prospect in Sales with an account number of their choice
    When the user adds a delivery address and an invoice address to the prospect in Sales <where>
    Then no record but the prospect's own changed or appeared in either system

    @gab
    Examples: GAB solution deployed
      | case | where                           |
      | gab  | on the Addresses tab with roles |

    @no_gab
    Examples: GAB solution not deployed
      | case   | where              |
      | no_gab | on the Summary tab |

  @p2c_gen_12 @assumption_other_records_unchanged @requires_prospects_from_sales @requires_person_prospects
  Scenario Outline: Converting a prospect in Sales changes no record of the other prospects created in Sales, and creates none but the prospect's own, in either system
    Source: step 3 of Scenarios 2 and 4, whose results name the records a conversion in Sales
    changes ("The business relation type for the prospect in Dynamics 365 Supply Chain Management is
    changed from Prospect to Customer").
    Reading: as in @p2c_gen_08, a conversion changes only the prospect's own records.

    Given other prospects in Sales, an account and a contact with Is Prospect set to Yes, each with a contact, and a lead in Sales
    When a prospect is converted to a customer <how>
    Then no record but the prospect's own changed or appeared in either system

    Examples:
      | case          | how                                               |
      | sales_account | by changing the Sales account's relationship type |
      | sales_contact | by setting Is Customer on the Sales contact       |
