// The Jupyter layer (DESIGN.md).
