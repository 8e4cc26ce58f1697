// A p2c-kit adapter in JavaScript: Scenario 1 (a prospect of type organization managed from SCM)
// in both deployments, in memory, speaking the stdio protocol of docs/protocol.md.
// It declares quotations from SCM but does not implement them yet: it answers those actions
// "skipped", with a link to the issue, so that the gap shows in the report honestly.
import { createInterface } from "node:readline";

const QUOTATIONS_ISSUE = "https://github.com/example/js-p2c-adapter/issues/1";

class Refused extends Error {
  constructor(rule, reason, field = null) {
    super(reason);
    Object.assign(this, { rule, reason, field });
  }
}
class Skipped extends Error {
  constructor(message, issueUrl) {
    super(message);
    this.issueUrl = issueUrl;
  }
}

// The actions this adapter performs; the kit sends no others, since it declares no capability
// that needs them.
const ACTIONS = new Set(["scm_create_prospect", "scm_add_address", "scm_create_contact",
                         "scm_convert_prospect", "sales_create_lead", "scm_create_quotation",
                         "scm_send_quotation", "scm_convert_quotation_prospect",
                         "scm_confirm_quotation"]);

function renderNumber(format, value) {
  const digits = format.match(/#+/)[0];
  return format.replace(digits, String(value).padStart(digits.length, "0"));
}

class Sync {
  reset(configuration) {
    const scm = structuredClone(configuration.scm);
    this.gab = configuration.deployment === "gab";
    this.sequences = scm.number_sequences;
    this.prospectGroup = scm.sales_and_marketing_parameters.prospect_customer_group;
    this.lastId = 0; // every record gets an id of its own, kept for its whole life
    this.relations = new Map(); // SCM business relations, by number
    this.customers = new Map(
      scm.customers.map((c) => [c.account, { id: this.newId(), ...c, party_type: "organization",
                                             addresses: [], contacts: [] }]),
    );
    this.accounts = new Map(); // Sales accounts, by number
    this.contacts = []; // Sales contacts
    this.leads = [];
    return {};
  }

  newId() {
    this.lastId += 1;
    return `r${this.lastId}`;
  }

  query(system) {
    if (system === "sales") {
      return { system, accounts: [...this.accounts.values()], contacts: this.contacts,
               leads: this.leads, quotes: [], orders: [] };
    }
    const { prospect, customer } = this.sequences;
    return { system, business_relations: [...this.relations.values()],
             customers: [...this.customers.values()], quotations: [], sales_orders: [],
             number_sequences: { prospect, customer } };
  }

  scm_create_prospect({ party_type, name }) {
    const number = renderNumber(this.sequences.prospect.format, this.sequences.prospect.next);
    this.sequences.prospect.next += 1;
    this.relations.set(number, { id: this.newId(), number, party_type, name,
                                 relation_type: "prospect", retired: false, addresses: [],
                                 contacts: [] });
    this.accounts.set(number, { id: this.newId(), number, name, relationship_type: "prospect",
                                customer_group: null, addresses: [], primary_contact: null,
                                associated_contacts: [] });
    return { number };
  }

  owner(number) {
    const relation = this.relations.get(number);
    if (!relation) throw new Refused("owner", `no prospect numbered ${number}`, "number");
    return relation.retired ? this.customers.get(number) : relation;
  }

  scm_add_address({ number, roles, address }) {
    this.owner(number).addresses.push({ id: this.newId(), ...address, roles });
    const account = this.accounts.get(number);
    if (this.gab) {
      account.addresses.push({ id: this.newId(), ...address, roles });
    } else if (roles.includes("delivery")) { // the Summary tab's delivery address
      account.addresses.push({ id: this.newId(), ...address, roles: ["delivery"] });
    }
    return {};
  }

  scm_create_contact({ number, first_name, last_name }) {
    const person = { first_name, last_name };
    this.owner(number).contacts.push({ id: this.newId(), ...person });
    const contact = { id: this.newId(), ...person, number: null, is_prospect: false,
                      is_customer: false, customer_group: null, addresses: [],
                      contacts_for_party: [], associated_contacts: [] };
    this.contacts.push(contact);
    const account = this.accounts.get(number);
    if (this.gab) account.associated_contacts.push(contact.id);
    else account.primary_contact = contact.id;
    return {};
  }

  scm_convert_prospect({ number, customer_account = number }) {
    const relation = this.relations.get(number);
    if (!relation || relation.retired) {
      throw new Refused("convert", `${number} is not a prospect`, "number");
    }
    if (this.customers.has(number)) {
      throw new Refused("convert", `customer account ${number} exists`, "number");
    }
    if (customer_account !== number) {
      throw new Refused("convert", "the number cannot be changed", "customer_account");
    }
    // the prospect's own addresses and contacts, now related to the customer: the same records
    this.customers.set(number, { id: this.newId(), account: number,
                                 party_type: relation.party_type,
                                 name: relation.name, customer_group: this.prospectGroup,
                                 addresses: [...relation.addresses],
                                 contacts: [...relation.contacts] });
    Object.assign(relation, { relation_type: "customer", retired: true });
    const account = this.accounts.get(number);
    account.relationship_type = "customer";
    if (!this.gab) {
      for (const address of relation.addresses.filter((a) => a.roles.includes("invoice"))) {
        account.addresses.push({ ...address, id: this.newId(), roles: ["invoice"] });
      }
    }
    return { customer_account: number };
  }

  sales_create_lead(lead) {
    this.leads.push({ id: this.newId(), ...lead });
    return {};
  }

  scm_create_quotation() {
    throw new Skipped("quotations are not implemented yet", QUOTATIONS_ISSUE);
  }

  scm_send_quotation() {
    return this.scm_create_quotation();
  }

  scm_convert_quotation_prospect() {
    return this.scm_create_quotation();
  }

  scm_confirm_quotation() {
    return this.scm_create_quotation();
  }
}

const sync = new Sync();

function answer(request) {
  const { seq, cmd } = request;
  try {
    switch (cmd) {
      case "start":
        return { seq, result: { version: 2, implementation: {
          name: "p2c-js-example", version: "0.1.0", language: "javascript",
          homepage: "https://github.com/example/js-p2c-adapter",
          capabilities: ["gab", "no_gab", "quotations_from_scm"] } } };
      case "reset":
        return { seq, result: sync.reset(request.configuration) };
      case "query":
        return { seq, result: sync.query(request.system) };
      case "perform":
        if (!ACTIONS.has(request.action)) throw new Error(`unknown action ${request.action}`);
        return { seq, result: sync[request.action](request.arguments) };
      default:
        throw new Error(`unknown command ${cmd}`);
    }
  } catch (error) {
    if (error instanceof Refused) {
      return { seq, refused: { rule: error.rule, reason: error.reason, field: error.field } };
    }
    if (error instanceof Skipped) {
      return { seq, skipped: { message: error.message, issue_url: error.issueUrl } };
    }
    return { seq, errored: { message: String(error), traceback: error.stack ?? "" } };
  }
}

const input = createInterface({ input: process.stdin, terminal: false });
input.on("line", (line) => {
  if (!line.trim()) return;
  const request = JSON.parse(line);
  if (request.cmd === "stop") process.exit(0);
  process.stdout.write(JSON.stringify(answer(request)) + "\n");
});
