#include <hdf5.h>
#include <string.h>

/* HDF5's type and property constants are macros over `_g` globals, which Swift cannot
   import (or rejects in Swift 6 mode). Each one gets a static inline accessor here. */
static inline hid_t chdf5_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t chdf5_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline unsigned chdf5_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline hid_t chdf5_p_default(void) { return H5P_DEFAULT; }

/* H5S_ALL: "the whole dataspace" in H5Dread/H5Aread selections. */
static inline hid_t chdf5_s_all(void) { return H5S_ALL; }
/* H5T_C_S1: the C string datatype, copied and resized to read string attributes. */
static inline hid_t chdf5_c_s1(void) { return H5T_C_S1; }
/* H5T_VARIABLE: the size that marks a variable-length string type. */
static inline size_t chdf5_variable_size(void) { return H5T_VARIABLE; }

/* Turns off HDF5's automatic printing of its error stack to stderr for this process:
   callers report errors themselves (see chdf5_innermost_error). */
static inline herr_t chdf5_silence_errors(void) { return H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

typedef struct {
  char *buffer;
  size_t capacity;
} chdf5_error_sink;

static herr_t chdf5_copy_innermost(unsigned n, const H5E_error2_t *err, void *data) {
  chdf5_error_sink *sink = (chdf5_error_sink *)data;
  if (n == 0 && err != NULL && err->desc != NULL && sink->capacity > 0) {
    strncpy(sink->buffer, err->desc, sink->capacity - 1);
    sink->buffer[sink->capacity - 1] = '\0';
  }
  return 0;
}

/* Copies the description of the innermost (most specific) entry of the current error
   stack into `buffer` (NUL-terminated, empty when the stack is empty), then clears the
   stack. Returns a negative value if the stack cannot be walked. */
static inline herr_t chdf5_innermost_error(char *buffer, size_t capacity) {
  if (capacity > 0) buffer[0] = '\0';
  chdf5_error_sink sink = { buffer, capacity };
  herr_t status = H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, chdf5_copy_innermost, &sink);
  H5Eclear2(H5E_DEFAULT);
  return status;
}
