/// A matplotlib-style figure with one `Axes`, rendered to PNG bytes.
///
/// Size is in inches and resolution in dots per inch, as in matplotlib: the default
/// 6.4 × 4.8 in at 100 dpi is a 640 × 480 pixel image. The axes fill matplotlib's default
/// subplot box (left 0.125, right 0.9, bottom 0.11, top 0.88 of the figure).
///
/// Example (Swift):
/// ```
/// let figure = Figure()
/// try figure.axes.hist([1, 2, 2, 3])
/// let png = try figure.pngData()
/// ```
public final class Figure {
    /// Width in inches (matplotlib's `figsize[0]`, default 6.4).
    public var widthInches: Double
    /// Height in inches (matplotlib's `figsize[1]`, default 4.8).
    public var heightInches: Double
    /// Dots (pixels) per inch; text sizes in points become `points × dpi / 72` pixels.
    public var dpi: Double
    /// The look: matplotlib's default or a seaborn style.
    public var style: PlotStyle
    /// The figure's only axes.
    public let axes = Axes()

    /// The largest image rendered: 2²⁴ pixels (e.g. 4096 × 4096), about 400 MB while drawing.
    public static let maximumPixelCount = 1 << 24

    /// - Throws: `PlotError(.value)` when a size is not positive and finite or a side reaches
    ///   2¹⁶ pixels (matplotlib's limit); `PlotError(.memory)` above `maximumPixelCount` pixels.
    public init(widthInches: Double = 6.4, heightInches: Double = 4.8, dpi: Double = 100,
                style: PlotStyle = .matplotlib) throws {
        self.widthInches = widthInches
        self.heightInches = heightInches
        self.dpi = dpi
        self.style = style
        _ = try pixelSize()
    }

    /// The image size in pixels, `(width, height)`, as matplotlib rounds it.
    /// - Throws: `PlotError(.value)` for non-positive or huge sizes.
    public func pixelSize(dpi: Double? = nil) throws -> (width: Int, height: Int) {
        let resolution = dpi ?? self.dpi
        guard widthInches.isFinite, heightInches.isFinite, resolution.isFinite,
              widthInches > 0, heightInches > 0, resolution > 0 else {
            throw PlotError(.value, "figure size must be positive finite, not (\(widthInches), \(heightInches)) at \(resolution) dpi")
        }
        let width = (widthInches * resolution).rounded(), height = (heightInches * resolution).rounded()
        guard width >= 1, height >= 1, width < 65_536, height < 65_536 else {
            throw PlotError(.value, "Image size of \(Int(min(width, 1e9)))x\(Int(min(height, 1e9))) pixels is too large. It must be less than 2^16 in each direction.")
        }
        guard width * height <= Double(Figure.maximumPixelCount) else {
            throw PlotError(.memory, "Image size of \(Int(width))x\(Int(height)) pixels is too large: at most \(Figure.maximumPixelCount) pixels are rendered")
        }
        return (Int(width), Int(height))
    }

    /// matplotlib's `repr` of a figure: `<Figure size 640x480 with 1 Axes>`.
    public var summary: String {
        let size = (try? pixelSize()) ?? (0, 0)
        return "<Figure size \(size.0)x\(size.1) with 1 Axes>"
    }

    /// Renders the figure and encodes it as PNG (8-bit RGBA).
    /// - Parameters:
    ///   - dpi: a resolution for this rendering only (matplotlib's `savefig(dpi=)`).
    ///   - fontPath: the TrueType font for text (DejaVu Sans by default).
    /// - Throws: `PlotError(.resource)` when the font is missing; `PlotError(.value)` for bad sizes.
    public func pngData(dpi: Double? = nil, fontPath: String = Font.defaultPath) throws -> [UInt8] {
        let canvas = try render(dpi: dpi, fontPath: fontPath)
        return try PNG.encode(rgba: canvas.rgba8(), width: canvas.width, height: canvas.height)
    }
}

/// One series drawn in the axes.
public enum PlotArtist: Sendable {
    /// Rectangles standing on `bottoms` (histograms, bar charts).
    case bars(BarSeries)
    /// A polyline, with optional markers at its vertices.
    case line(LineSeries)
    /// Independent markers.
    case scatter(ScatterSeries)
}

/// Bars: `lefts[i]`, `widths[i]`, `bottoms[i]`, `heights[i]` in data units.
public struct BarSeries: Sendable {
    public var lefts: [Double]
    public var widths: [Double]
    public var bottoms: [Double]
    public var heights: [Double]
    public var color: Color
    /// Outline colour; `nil` means the style's (`patch.force_edgecolor`) or none.
    public var edgeColor: Color?
    /// Outline width, points.
    public var edgeWidth: Double?
    public var label: String?
}

/// Line styles of `plot`.
public enum LineStyle: String, Sendable {
    case solid = "-", dashed = "--", dotted = ":", dashDot = "-.", none = ""
}

/// A line through `(x[i], y[i])`.
public struct LineSeries: Sendable {
    public var x: [Double]
    public var y: [Double]
    public var color: Color
    /// Points (matplotlib `lines.linewidth` 1.5).
    public var lineWidth: Double
    public var lineStyle: LineStyle
    /// Draws a disc of `markerSize` points diameter at each vertex.
    public var markers: Bool
    public var markerSize: Double
    public var label: String?
}

/// Markers at `(x[i], y[i])`; `areas` in points² as matplotlib's `s` (default 36).
public struct ScatterSeries: Sendable {
    public var x: [Double]
    public var y: [Double]
    public var areas: [Double]
    public var color: Color
    public var label: String?
}

/// Text with a size in points.
public struct PlotText: Equatable, Sendable {
    public var text: String
    /// Points; `nil` for the style's default.
    public var fontSize: Double?
    public init(_ text: String, fontSize: Double? = nil) {
        self.text = text
        self.fontSize = fontSize
    }
}
