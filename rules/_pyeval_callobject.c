/* PyEval_CallObject for durable-rules 2.0.28 on Python 3.13.
 *
 * durable-rules' extension calls PyEval_CallObject, a macro until Python 3.12 that 3.13 removed:
 * built on 3.13 the call becomes a reference to a function no library defines, and the extension
 * fails to load ("undefined symbol: PyEval_CallObject"). This module defines that function as the
 * macro did; p2c_reference/_durable.py loads it into the global symbol scope before durable-rules,
 * so that the dynamic linker resolves durable-rules' reference to it. Nothing else is defined.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#undef PyEval_CallObject /* the macro, on Python 3.12 and before */

PyAPI_FUNC(PyObject *) PyEval_CallObject(PyObject *callable, PyObject *args);

PyObject *PyEval_CallObject(PyObject *callable, PyObject *args)
{
    return PyObject_CallObject(callable, args);
}

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "p2c_reference._pyeval_callobject",
    .m_doc = "Defines PyEval_CallObject for durable-rules 2.0.28 on Python 3.13.",
};

PyMODINIT_FUNC PyInit__pyeval_callobject(void)
{
    return PyModuleDef_Init(&module);
}
