"""What a run leaves and what renders it: the results file (:mod:`.results`), what it is worth
(:mod:`.verdict`, :mod:`.known`), and every format it renders to (:mod:`.formats`: tables,
HTML, Markdown, JUnit, Cucumber Messages, the annotated document, badge and certificate). Reports
read results only: no adapter, driver, step or pytest (an import-linter contract)."""
