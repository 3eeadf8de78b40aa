/* stop.h - the flag a SIGINT or SIGTERM handler sets to stop a run.
 *
 * Read by every thread of the run (the live sources are collected at once),
 * so it is an atomic: a volatile sig_atomic_t is only defined for the thread
 * the signal interrupted.  A lock-free atomic int is as safe to store from a
 * handler. */
#ifndef QC_STOP_H
#define QC_STOP_H

#include <stdatomic.h>

typedef atomic_int qc_stop_flag;

#endif
