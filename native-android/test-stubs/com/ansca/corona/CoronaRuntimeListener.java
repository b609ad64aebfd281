package com.ansca.corona;

/** Stub of Solar2D's CoronaRuntimeListener: signatures only. */
public interface CoronaRuntimeListener {
    void onLoaded(CoronaRuntime runtime);

    void onStarted(CoronaRuntime runtime);

    void onSuspended(CoronaRuntime runtime);

    void onResumed(CoronaRuntime runtime);

    void onExiting(CoronaRuntime runtime);
}
