/// An sRGB colour with alpha, each channel in 0...1.
///
/// Parses matplotlib's colour specifications: `"#1f77b4"`, `"#1f77b4cc"`, `"C0"`…`"C9"` (the
/// default cycle), single letters `"b g r c m y k w"`, CSS/X11 names matplotlib knows
/// (`"blue"`, `"orange"`, `"steelblue"`, …), and grey levels as strings (`"0.8"`).
public struct Color: Equatable, Sendable {
    public var red: Double
    public var green: Double
    public var blue: Double
    public var alpha: Double

    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// A grey of `level` (0 black … 1 white), as matplotlib reads the string `"0.8"`.
    public init(grey level: Double) {
        self.init(red: level, green: level, blue: level)
    }

    /// The colour of a `#rrggbb` or `#rrggbbaa` code; `nil` when malformed.
    public init?(hex: String) {
        var digits = Substring(hex)
        if digits.hasPrefix("#") { digits = digits.dropFirst() }
        guard digits.count == 6 || digits.count == 8, let value = UInt64(digits, radix: 16) else { return nil }
        let hasAlpha = digits.count == 8
        let rgb = hasAlpha ? value >> 8 : value
        self.init(red: Double((rgb >> 16) & 0xff) / 255, green: Double((rgb >> 8) & 0xff) / 255,
                  blue: Double(rgb & 0xff) / 255, alpha: hasAlpha ? Double(value & 0xff) / 255 : 1)
    }

    /// This colour with its alpha replaced.
    public func withAlpha(_ alpha: Double) -> Color {
        Color(red: red, green: green, blue: blue, alpha: alpha)
    }

    /// matplotlib's default property cycle (`axes.prop_cycle`, the "tab10" palette).
    public static let defaultCycle: [Color] = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ].compactMap { Color(hex: $0) }

    public static let white = Color(red: 1, green: 1, blue: 1)
    public static let black = Color(red: 0, green: 0, blue: 0)

    /// Parses a matplotlib colour string.
    /// - Throws: `PlotError(.value)` `Invalid RGBA argument: 'x'` (matplotlib's wording).
    public static func parse(_ text: String) throws -> Color {
        let key = String(text.lowercased().filter { $0 != " " })
        if key.hasPrefix("#"), let color = Color(hex: key) { return color }
        if key.count == 2, key.hasPrefix("c"), let index = Int(key.dropFirst()),
           index >= 0, index < defaultCycle.count {
            return defaultCycle[index]
        }
        if let hex = named[key], let color = Color(hex: hex) { return color }
        if let level = Double(key), level >= 0, level <= 1 { return Color(grey: level) }
        throw PlotError(.value, "Invalid RGBA argument: '\(text)'")
    }

    /// Base colours (single letters), tab10 names and the CSS names most used in notebooks.
    private static let named: [String: String] = [
        "b": "#0000ff", "g": "#008000", "r": "#ff0000", "c": "#00bfbf", "m": "#bf00bf",
        "y": "#bfbf00", "k": "#000000", "w": "#ffffff",
        "tab:blue": "#1f77b4", "tab:orange": "#ff7f0e", "tab:green": "#2ca02c", "tab:red": "#d62728",
        "tab:purple": "#9467bd", "tab:brown": "#8c564b", "tab:pink": "#e377c2", "tab:gray": "#7f7f7f",
        "tab:grey": "#7f7f7f", "tab:olive": "#bcbd22", "tab:cyan": "#17becf",
        "black": "#000000", "white": "#ffffff", "red": "#ff0000", "green": "#008000", "blue": "#0000ff",
        "yellow": "#ffff00", "cyan": "#00ffff", "magenta": "#ff00ff", "orange": "#ffa500",
        "purple": "#800080", "brown": "#a52a2a", "pink": "#ffc0cb", "gray": "#808080", "grey": "#808080",
        "darkgray": "#a9a9a9", "darkgrey": "#a9a9a9", "lightgray": "#d3d3d3", "lightgrey": "#d3d3d3",
        "silver": "#c0c0c0", "navy": "#000080", "teal": "#008080", "olive": "#808000", "maroon": "#800000",
        "lime": "#00ff00", "gold": "#ffd700", "salmon": "#fa8072", "coral": "#ff7f50", "tomato": "#ff6347",
        "crimson": "#dc143c", "indigo": "#4b0082", "violet": "#ee82ee", "orchid": "#da70d6",
        "skyblue": "#87ceeb", "steelblue": "#4682b4", "royalblue": "#4169e1", "dodgerblue": "#1e90ff",
        "lightblue": "#add8e6", "darkblue": "#00008b", "darkgreen": "#006400", "darkred": "#8b0000",
        "darkorange": "#ff8c00", "forestgreen": "#228b22", "seagreen": "#2e8b57", "limegreen": "#32cd32",
        "lightgreen": "#90ee90", "khaki": "#f0e68c", "tan": "#d2b48c", "chocolate": "#d2691e",
        "firebrick": "#b22222", "slategray": "#708090", "slategrey": "#708090", "turquoise": "#40e0d0",
        "beige": "#f5f5dc", "ivory": "#fffff0", "lavender": "#e6e6fa", "whitesmoke": "#f5f5f5",
        "none": "#00000000",
    ]
}
