package com.ansca.corona;

/** Work sent to the Corona thread by a {@link CoronaRuntimeTaskDispatcher}. */
public interface CoronaRuntimeTask {
    void executeUsing(CoronaRuntime runtime);
}
