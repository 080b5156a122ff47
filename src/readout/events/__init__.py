"""Events: who did what to whom, coded in CAMEO and PLOVER."""
from readout.events.coder import code_events

__all__ = ["code_events"]
