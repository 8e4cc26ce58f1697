"""The reference's one C extension; everything else about the build is in pyproject.toml.

durable-rules 2.0.28 calls ``PyEval_CallObject``, which Python 3.13 removed; this extension defines
it, and ``p2c_reference._durable`` loads it on 3.13 before durable-rules (see the C file).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("p2c_reference._pyeval_callobject", ["rules/_pyeval_callobject.c"])])
