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
  Scenario Outline: Converting a prospect, however it is started, leaves the customer number sequence unchanged
    Source: Scenarios 1 to 6: the customer account number is the prospect's, "irrespective of
    customer number sequence setup".
    Reading: "irrespective of" means the customer number sequence is not used at all, so its next
    number is the same after the conversion.

    When a prospect is converted to a customer <how>
    Then the SCM customer number sequence is unchanged by the action

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
