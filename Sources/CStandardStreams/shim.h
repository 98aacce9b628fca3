// Swift 6 rejects C's `stdout` as shared mutable state; the command line checks its writes
// through this accessor (see checkStandardOutputAtExit in Sources/iskra/Iskra.swift).
#include <stdio.h>

static inline FILE *iskra_standard_output(void) { return stdout; }
