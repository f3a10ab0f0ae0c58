/// A look for figures: matplotlib's default, or one of seaborn's `set_style` styles.
///
/// Only the style parameters are modelled (seaborn's `axes_style`), not its `plotting_context`
/// font scaling: `seaborn.set_style('whitegrid')` keeps matplotlib's font sizes, as it does in
/// seaborn ≥ 0.8.
public enum PlotStyle: String, CaseIterable, Sendable {
    /// matplotlib's rcParams defaults: white axes, black spines and outward ticks, no grid.
    case matplotlib = "default"
    /// seaborn: white axes, light grey (.8) grid and spines, no tick marks.
    case whitegrid
    /// seaborn: grey-blue (#EAEAF2) axes, white grid, invisible spines, no tick marks.
    case darkgrid
    /// seaborn: white axes, dark (.15) spines, no grid, no tick marks.
    case white
    /// seaborn: like `white`, with outward tick marks.
    case ticks

    /// The style named `name` (`"whitegrid"`, …, or `"default"`/`"classic"` for matplotlib's).
    /// - Throws: `PlotError(.value)` listing the valid names, as seaborn does.
    public static func named(_ name: String) throws -> PlotStyle {
        if name == "classic" { return .matplotlib }
        guard let style = PlotStyle(rawValue: name) else {
            throw PlotError(.value, "style must be one of white, dark, whitegrid, darkgrid, ticks")
        }
        return style
    }

    /// The resolved drawing parameters of this style (colours, line widths in points).
    public var parameters: StyleParameters {
        let dark = Color(grey: 0.15), light = Color(grey: 0.8)
        var p = StyleParameters()
        switch self {
        case .matplotlib:
            break
        case .whitegrid:
            p.gridVisible = true
            p.gridColor = light
            p.spineColor = light
            p.gridBelowEverything = true
        case .darkgrid:
            p.gridVisible = true
            p.axesBackground = Color(hex: "#EAEAF2") ?? .white
            p.gridColor = .white
            p.spineColor = .white
            p.gridBelowEverything = true
        case .white, .ticks:
            p.spineColor = dark
            p.gridColor = light
            p.gridBelowEverything = true
        }
        if self != .matplotlib {
            p.textColor = dark
            p.tickColor = dark
            p.tickMarksVisible = self == .ticks
            p.patchEdgeColor = .white
        }
        return p
    }
}

/// The drawing parameters a style resolves to (matplotlib rcParams names in the comments).
public struct StyleParameters: Equatable, Sendable {
    /// `figure.facecolor`.
    public var figureBackground = Color.white
    /// `axes.facecolor`.
    public var axesBackground = Color.white
    /// `axes.edgecolor`.
    public var spineColor = Color.black
    /// `axes.linewidth`, points.
    public var spineWidth = 0.8
    /// `axes.grid`.
    public var gridVisible = false
    /// `grid.color`.
    public var gridColor = Color(hex: "#b0b0b0") ?? .black
    /// `grid.linewidth`, points.
    public var gridWidth = 0.8
    /// `axes.axisbelow`: true draws the grid under every artist, false under lines only.
    public var gridBelowEverything = false
    /// `text.color` and `axes.labelcolor`.
    public var textColor = Color.black
    /// `xtick.color`.
    public var tickColor = Color.black
    /// Whether tick marks are drawn (`xtick.bottom`).
    public var tickMarksVisible = true
    /// `xtick.major.size`, points.
    public var tickLength = 3.5
    /// `xtick.major.width`, points.
    public var tickWidth = 0.8
    /// `xtick.major.pad`, points between tick and label.
    public var tickPad = 3.5
    /// `patch.edgecolor` when `patch.force_edgecolor` is on (seaborn), else `nil` (no edges).
    public var patchEdgeColor: Color? = nil
    /// `patch.linewidth`, points.
    public var patchEdgeWidth = 1.0
    /// `font.size`, points (tick labels, axis labels and legend use it).
    public var fontSize = 10.0
    /// `axes.titlesize` ("large" = 1.2 × `font.size`), points.
    public var titleSize = 12.0

    public init() {}
}
