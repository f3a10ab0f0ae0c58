// The Plot layer (DESIGN.md): figures, axes, histogram binning, rasterising, PNG bytes.
