/* fleet.h - `collect --region A --region B`, `--profile X --profile Y`,
 * `--assume-role ARN ...`: one evidence directory per account and region
 * (DIR/<account>-<region>), collected concurrently, then the fleet summary
 * (report/fleet.h) printed and written beside them. */
#ifndef QC_CLI_FLEET_H
#define QC_CLI_FLEET_H

#include "cli/opts.h"

/* More than one region, profile or role: a fleet, not one collection. */
int qc_fleet_wanted(const qc_opts *o);
/* Runs the fleet collection for collect's parsed options; the exit code. */
int qc_fleet_run(const qc_opts *o, char **argv);

#endif
