/* clean_page's per-line rules in C: `filters.clean_page` is the definition, this is a
 * faster way to reach the same answers.
 *
 * classify_lines(text, max_word_length, min_words) splits `text` as str.splitlines()
 * does and returns one (code, line) pair per line, in order:
 *   code NEEDS_PYTHON: the raw line; it holds a "[" (citations change the line before
 *     the end-mark test), so Python decides it whole;
 *   TOO_LONG_WORD, NO_ENDMARK, TOO_SHORT: the stripped line, rejected by that rule;
 *   NEEDS_LOWER: the stripped line passed those three rules but holds a non-ASCII
 *     character, so Python runs the lower-cased checks (str.lower() is full Unicode
 *     case mapping, which this file does not reproduce);
 *   LOREM, JAVASCRIPT, CURLY, POLICY, KEEP: the stripped ASCII line's outcome.
 * Whitespace is Py_UNICODE_ISSPACE, as str.strip() and str.split() use; lengths are in
 * code points, as len() counts. tests/filters/test_clean_page_native.py holds the codes
 * equal to the Python rules.
 */
#define PY_SSIZE_T_CLEAN
#define _GNU_SOURCE
#include <Python.h>
#include <string.h>

enum {
    NEEDS_PYTHON = 0, TOO_LONG_WORD, NO_ENDMARK, TOO_SHORT, NEEDS_LOWER,
    LOREM, JAVASCRIPT, CURLY, POLICY, KEEP
};

static const char *POLICY_SUBSTRINGS[] = {
    "terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies",
};

static int contains(const char *hay, Py_ssize_t n, const char *needle) {
    return memmem(hay, (size_t)n, needle, strlen(needle)) != NULL;
}

/* The outcome of the ASCII checks on a lower-cased line, in clean_page's order. */
static int ascii_outcome(const char *lower, Py_ssize_t n, int has_brace) {
    if (contains(lower, n, "lorem ipsum")) return LOREM;
    if (contains(lower, n, "javascript")) return JAVASCRIPT;
    if (has_brace) return CURLY;
    for (size_t i = 0; i < sizeof(POLICY_SUBSTRINGS) / sizeof(*POLICY_SUBSTRINGS); i++)
        if (contains(lower, n, POLICY_SUBSTRINGS[i])) return POLICY;
    return KEEP;
}

static int classify(PyObject *line, Py_ssize_t max_word_length, Py_ssize_t min_words,
                    char **buffer, Py_ssize_t *buffer_size, Py_ssize_t *start_out, Py_ssize_t *end_out) {
    int kind = PyUnicode_KIND(line);
    const void *data = PyUnicode_DATA(line);
    Py_ssize_t n = PyUnicode_GET_LENGTH(line), start = 0, end = n;
    while (start < end && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, start))) start++;
    while (end > start && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, end - 1))) end--;
    *start_out = start;
    *end_out = end;
    Py_ssize_t words = 0, run = 0, longest = 0;
    int ascii = 1, has_brace = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == '[') return NEEDS_PYTHON;
        if (c > 127) ascii = 0;
        if (c == '{') has_brace = 1;
        if (Py_UNICODE_ISSPACE(c)) {
            run = 0;
        } else {
            if (run == 0) words++;
            if (++run > longest) longest = run;
        }
    }
    if (end - start > max_word_length && longest > max_word_length) return TOO_LONG_WORD;
    Py_ssize_t len = end - start;
    Py_UCS4 last = len ? PyUnicode_READ(kind, data, end - 1) : 0;
    if (!(last == '.' || last == '?' || last == '!' || last == '"')) return NO_ENDMARK;
    if (len >= 3 && last == '.' && PyUnicode_READ(kind, data, end - 2) == '.' &&
        PyUnicode_READ(kind, data, end - 3) == '.')
        return NO_ENDMARK;
    if (words < min_words) return TOO_SHORT;
    if (!ascii) return NEEDS_LOWER;
    if (len > *buffer_size) {
        char *grown = PyMem_Realloc(*buffer, (size_t)len);
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        *buffer = grown;
        *buffer_size = len;
    }
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, start + i);
        (*buffer)[i] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    return ascii_outcome(*buffer, len, has_brace);
}

static PyObject *classify_lines(PyObject *self, PyObject *args) {
    PyObject *text;
    Py_ssize_t max_word_length, min_words;
    if (!PyArg_ParseTuple(args, "Unn", &text, &max_word_length, &min_words)) return NULL;
    PyObject *lines = PyUnicode_Splitlines(text, 0);
    if (lines == NULL) return NULL;
    Py_ssize_t count = PyList_GET_SIZE(lines);
    PyObject *result = PyList_New(count);
    char *buffer = NULL;
    Py_ssize_t buffer_size = 0;
    if (result == NULL) goto fail;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *line = PyList_GET_ITEM(lines, i);
        Py_ssize_t start, end;
        int code = classify(line, max_word_length, min_words, &buffer, &buffer_size, &start, &end);
        if (code < 0) goto fail;
        PyObject *out = code == NEEDS_PYTHON ? (Py_INCREF(line), line) : PyUnicode_Substring(line, start, end);
        if (out == NULL) goto fail;
        PyObject *pair = Py_BuildValue("(iN)", code, out);
        if (pair == NULL) goto fail;
        PyList_SET_ITEM(result, i, pair);
    }
    PyMem_Free(buffer);
    Py_DECREF(lines);
    return result;
fail:
    PyMem_Free(buffer);
    Py_DECREF(lines);
    Py_XDECREF(result);
    return NULL;
}

static PyMethodDef methods[] = {
    {"classify_lines", classify_lines, METH_VARARGS,
     "classify_lines(text, max_word_length, min_words) -> [(code, line)]: clean_page's line rules."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_clean_lines", NULL, -1, methods};

PyMODINIT_FUNC PyInit__clean_lines(void) { return PyModule_Create(&module); }
