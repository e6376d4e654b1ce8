#ifndef SWIFTSNN_FUZZ_DRIVER_H
#define SWIFTSNN_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, linked by -sanitize=fuzzer): parses libFuzzer's
/// command line and fuzzes `callback`. SwiftPM gives each executable its own entry point
/// (`<module>_main`), so the targets call this instead of relying on libFuzzer's `main`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

/// Runs libFuzzer on `callback` with the process's arguments.
int swiftsnn_fuzz_main(int argc, char **argv, int (*callback)(const uint8_t *data, size_t size));
#endif
