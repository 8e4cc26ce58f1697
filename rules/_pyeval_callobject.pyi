# The C extension that defines PyEval_CallObject for durable-rules on Python 3.13
# (_pyeval_callobject.c): it is loaded for that symbol and has no Python names of its own.
