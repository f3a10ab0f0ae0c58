import Plot
import Script

/// pyplot's state for one session — the open figures, the current one, the seaborn style —
/// and the script modules `matplotlib`, `matplotlib.pyplot` (`plt`) and `seaborn` over it.
///
/// Figures behave as with IPython's inline backend: `plt.show()` publishes every open figure as
/// `display_data` (`image/png` + `text/plain`) and closes it; figures still open when a cell
/// ends are published by `showPendingFigures(to:)`, which the session calls after each cell.
///
/// Example (script):
/// ```
/// plt.hist(data['rating']); plt.xlabel("Rating", fontsize=14)
/// plt.show()
/// ```
public final class PyplotState {
    /// The TrueType font used for all text.
    public let fontPath: String
    /// The style new figures get (`seaborn.set_style`); matplotlib's default at first.
    public var style: PlotStyle = .matplotlib
    /// Open figures, oldest first; the last one is pyplot's current figure.
    private(set) var openFigures: [Figure] = []

    /// - Parameter fontPath: DejaVu Sans by default (Debian `fonts-dejavu-core`); a missing
    ///   font makes drawing raise `OSError`, never a crash.
    public init(fontPath: String = Font.defaultPath) {
        self.fontPath = fontPath
    }

    /// The `matplotlib.pyplot` module (one per state, made on first use).
    public private(set) lazy var pyplotModule: ModuleObject = makePyplot()
    /// The `matplotlib` package, whose `pyplot` attribute is `pyplotModule`.
    public private(set) lazy var matplotlibModule: ModuleObject = {
        let module = ModuleObject("matplotlib", doc: "Plotting: use matplotlib.pyplot (plt).")
        module.define("pyplot", .object(pyplotModule))
        module.define("__version__", .str("3.8.0"))
        module.define("use", doc: "use(backend)\n\nAccepted and ignored: figures always render inline as PNG.") { _, _ in .none }
        return module
    }()
    /// The `seaborn` module: `set_style`, `set`, `set_theme`.
    public private(set) lazy var seabornModule: ModuleObject = makeSeaborn()

    /// The current figure, created (in the current style) when none is open: pyplot's `gcf()`.
    public func currentFigure() throws -> Figure {
        if let figure = openFigures.last { return figure }
        return try newFigure()
    }

    @discardableResult
    func newFigure(widthInches: Double = 6.4, heightInches: Double = 4.8, dpi: Double = 100) throws -> Figure {
        let figure = try PlotValues.plotCall {
            try Figure(widthInches: widthInches, heightInches: heightInches, dpi: dpi, style: style)
        }
        openFigures.append(figure)
        return figure
    }

    /// Publishes every open figure to `sink` as `display_data` with `image/png` (base64) and
    /// `text/plain` (`<Figure size 640x480 with 1 Axes>`), then closes them. Does nothing when
    /// no figure is open. Call it after each cell, as IPython's inline backend does.
    /// - Throws: `ScriptError(.osError)` when the font is missing (the figures are closed anyway).
    public func showPendingFigures(to sink: OutputSink) throws {
        let figures = openFigures
        openFigures = []
        for figure in figures {
            sink.display(try PlotDisplay.bundle(figure, fontPath: fontPath))
        }
    }

    /// Closes `figure` without showing it (`plt.close(fig)`).
    func close(_ figure: Figure) {
        openFigures.removeAll { $0 === figure }
    }

    /// Closes every open figure without showing it (e.g. after a cell failed, or `%reset`).
    public func closeAll() {
        openFigures = []
    }

    private func makeSeaborn() -> ModuleObject {
        let module = ModuleObject("seaborn", doc: "Statistical plot styles: set_style('whitegrid' | 'darkgrid' | 'white' | 'ticks').")
        module.define("__version__", .str("0.13.2"))
        module.define("set_style", doc: "set_style(style=None, rc=None)\n\nStyle of new figures: 'darkgrid', 'whitegrid', 'dark', 'white' or 'ticks'.\nExample: seaborn.set_style('whitegrid')") { [unowned self] args, _ in
            let bound = try args.bind("set_style", ["style", "rc"])
            guard let value = bound.optional("style") else { return .none }
            guard case .str(let name) = value else {
                throw ScriptError(.valueError, "style must be one of white, dark, whitegrid, darkgrid, ticks")
            }
            self.style = try PlotValues.plotCall { try PlotStyle.named(name == "dark" ? "darkgrid" : name) }
            return .none
        }
        let setTheme: (Arguments, Interpreter) throws -> Value = { [unowned self] args, _ in
            let bound = try args.bind("set_theme", ["context", "style", "palette", "font", "font_scale", "color_codes", "rc"])
            var name = "darkgrid"
            if let value = bound.optional("style") {
                guard case .str(let s) = value else {
                    throw ScriptError(.valueError, "style must be one of white, dark, whitegrid, darkgrid, ticks")
                }
                name = s == "dark" ? "darkgrid" : s
            }
            self.style = try PlotValues.plotCall { try PlotStyle.named(name) }
            return .none
        }
        module.define("set", doc: "set(context='notebook', style='darkgrid', ...)\n\nAlias of set_theme: darkgrid style by default.", setTheme)
        module.define("set_theme", doc: "set_theme(context='notebook', style='darkgrid', ...)\n\nStyle of new figures (darkgrid by default); font scaling is not modelled.", setTheme)
        module.define("reset_orig", doc: "reset_orig()\n\nBack to matplotlib's default style.") { [unowned self] _, _ in
            self.style = .matplotlib
            return .none
        }
        return module
    }
}
