"""Nothing leaves the machine: every library's telemetry is switched off before the library loads.

Imported first by the package, so it holds for the CLI, the web server, the worker and the Python
API alike. Set unconditionally, because the README promises it: an operator cannot switch it back
on by accident through an inherited environment.
"""

import os

__all__ = ["TELEMETRY_SWITCHES"]

TELEMETRY_SWITCHES = {
    # ONNX Runtime (faster-whisper's Silero VAD) uploads usage events from version 1.29 on Linux;
    # the variable must be set before its environment is created, and then no uploader exists.
    "ORT_DISABLE_TELEMETRY": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "PYANNOTE_METRICS_ENABLED": "false",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
}

os.environ.update(TELEMETRY_SWITCHES)
