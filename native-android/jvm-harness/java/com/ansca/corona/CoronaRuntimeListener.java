package com.ansca.corona;

/** Solar2D's runtime life-cycle callbacks. The harness calls them in Solar2D's order. */
public interface CoronaRuntimeListener {
    void onLoaded(CoronaRuntime runtime);

    void onStarted(CoronaRuntime runtime);

    void onSuspended(CoronaRuntime runtime);

    void onResumed(CoronaRuntime runtime);

    void onExiting(CoronaRuntime runtime);
}
