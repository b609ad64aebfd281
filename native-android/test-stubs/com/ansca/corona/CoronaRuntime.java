package com.ansca.corona;

/** Stub of Solar2D's CoronaRuntime: nothing the shim calls. */
public class CoronaRuntime {
}
