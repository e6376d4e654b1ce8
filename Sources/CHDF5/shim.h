#include <hdf5.h>

/* HDF5's type and property constants are macros over `_g` globals, which Swift cannot
   import (or rejects in Swift 6 mode). Each one gets a static inline accessor here. */
static inline hid_t chdf5_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t chdf5_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline unsigned chdf5_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline hid_t chdf5_p_default(void) { return H5P_DEFAULT; }
