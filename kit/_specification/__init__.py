"""The specification as the kit reads it: the index of the features (:mod:`.features`), the
configuration a scenario starts from (:mod:`.configuration`, :mod:`.incidental`), the checks'
failures and record differences (:mod:`.assertions`), and the explored properties
(:mod:`.properties`). The step definitions themselves are :mod:`p2c_kit.steps`."""
