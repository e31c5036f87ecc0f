"""The web interface: public pages, the clerk's workspace, and the Gradio app that wires them."""
