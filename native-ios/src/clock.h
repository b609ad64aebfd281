/* The module's `now()`: a monotonic clock in seconds (contract: Transport.now). */
#ifndef WS_CLOCK_H
#define WS_CLOCK_H

/* Seconds since an arbitrary fixed point; never goes backwards (CLOCK_MONOTONIC). */
double ws_monotonic_seconds(void);

#endif
