import Plot
import Script
import Tensor

/// The `matplotlib.pyplot` functions.
extension PyplotState {
    func makePyplot() -> ModuleObject {
        let plt = ModuleObject("matplotlib.pyplot", doc: "matplotlib's state-machine plotting interface (plt).")
        plt.define("figure", doc: "figure(num=None, figsize=None, dpi=None, **kwargs)\n\nA new current figure; figsize in inches (6.4, 4.8), dpi 100.\nExample: plt.figure(figsize=(10, 5))") { [unowned self] args, interpreter in
            let bound = try args.bind("figure", ["num", "figsize", "dpi", "facecolor", "edgecolor", "frameon", "clear"])
            var width = 6.4, height = 4.8, dpi = 100.0
            if let size = bound.optional("figsize") {
                let pair = try PlotValues.numbers(size, "figure", interpreter: interpreter)
                guard pair.count == 2 else { throw ScriptError(.valueError, "figsize must be a pair (width, height) in inches") }
                (width, height) = (pair[0], pair[1])
            }
            if let value = bound.optional("dpi") { dpi = try PlotValues.number(value, "dpi") }
            return .object(FigureObject(try self.newFigure(widthInches: width, heightInches: height, dpi: dpi), fontPath: self.fontPath))
        }
        plt.define("gcf", doc: "gcf()\n\nThe current figure (a new one when none is open).") { [unowned self] args, _ in
            _ = try args.bind("gcf", [])
            return .object(FigureObject(try self.currentFigure(), fontPath: self.fontPath))
        }
        plt.define("gca", doc: "gca()\n\nThe current axes (of a new figure when none is open).") { [unowned self] args, _ in
            _ = try args.bind("gca", [])
            return .object(AxesObject(figure: try self.currentFigure(), state: self))
        }
        plt.define("subplots", doc: "subplots(nrows=1, ncols=1, figsize=None, dpi=None)\n\nA new figure and its axes (one axes only).\nExample: fig, ax = plt.subplots(figsize=(8, 4))") { [unowned self] args, interpreter in
            let bound = try args.bind("subplots", ["nrows", "ncols", "sharex", "sharey", "squeeze", "figsize", "dpi"])
            for name in ["nrows", "ncols"] {
                if let value = bound.optional(name), try PlotValues.number(value, name) != 1 {
                    throw ScriptError(.notImplementedError, "subplots() makes one axes only (nrows=1, ncols=1)")
                }
            }
            var width = 6.4, height = 4.8, dpi = 100.0
            if let size = bound.optional("figsize") {
                let pair = try PlotValues.numbers(size, "subplots", interpreter: interpreter)
                guard pair.count == 2 else { throw ScriptError(.valueError, "figsize must be a pair (width, height) in inches") }
                (width, height) = (pair[0], pair[1])
            }
            if let value = bound.optional("dpi") { dpi = try PlotValues.number(value, "dpi") }
            let figure = try self.newFigure(widthInches: width, heightInches: height, dpi: dpi)
            return .tuple([.object(FigureObject(figure, fontPath: self.fontPath)), .object(AxesObject(figure: figure, state: self))])
        }
        plt.define("show", doc: "show(block=None)\n\nDisplay every open figure inline as PNG and close them.\nExample: plt.hist(x); plt.show()") { [unowned self] args, interpreter in
            _ = try args.bind("show", ["block"])
            try self.showPendingFigures(to: interpreter.sink)
            return .none
        }
        plt.define("close", doc: "close(fig=None)\n\nClose the current figure, a given figure, or all of them with 'all'.") { [unowned self] args, _ in
            let bound = try args.bind("close", ["fig"])
            switch bound.optional("fig") {
            case nil: if let current = self.openFigures.last { self.close(current) }
            case .str("all")?: self.closeAll()
            case .object(let object as FigureObject)?:
                self.close(object.figure)
            case let other?:
                throw ScriptError(.typeError, "close() argument must be a Figure, 'all' or None, not \(other.typeName)")
            }
            return .none
        }
        plt.define("savefig", doc: PlotDisplay.savefigDoc) { [unowned self] args, _ in
            try PlotDisplay.savefig(try self.currentFigure(), args, fontPath: self.fontPath)
        }
        plt.define("clf", doc: "clf()\n\nClear the current figure.") { [unowned self] _, _ in
            try self.currentFigure().axes.clear()
            return .none
        }
        plt.define("cla", doc: "cla()\n\nClear the current axes.") { [unowned self] _, _ in
            try self.currentFigure().axes.clear()
            return .none
        }
        defineDrawing(in: plt) { [unowned self] in try self.currentAxes() }
        defineDecorations(in: plt, axesMethods: false) { [unowned self] in try self.currentAxes() }
        return plt
    }

    /// The current figure's axes.
    func currentAxes() throws -> Axes { try currentFigure().axes }

    /// Keyword arguments by name, rejecting unknown ones with matplotlib's message
    /// (`Rectangle.set() got an unexpected keyword argument 'colour'`).
    static func keywords(_ args: Arguments, allowed: Set<String>, artist: String) throws -> [String: Value] {
        var result: [String: Value] = [:]
        for (name, value) in args.keywords {
            guard allowed.contains(name) else {
                throw ScriptError(.attributeError, "\(artist).set() got an unexpected keyword argument '\(name)'")
            }
            result[name] = value
        }
        return result
    }

    /// `hist plot scatter bar` drawing into the axes `target()` returns (pyplot's current
    /// axes, or one `Axes` object's).
    func defineDrawing(in plt: ModuleObject, target: @escaping () throws -> Axes) {
        plt.define("hist", doc: """
            hist(x, bins=10, range=None, density=False, color=None, alpha=None, label=None, edgecolor=None)

            Histogram of x as bars; bins and counts exactly as numpy.histogram (last bin closed,
            values outside range ignored). Returns (counts, edges, patches).
            Example: n, edges, _ = plt.hist(data['rating'], bins=10)
            """) { args, interpreter in
            let bound = try args.bind("hist", ["x", "bins", "range", "density", "weights", "cumulative", "bottom",
                                               "histtype", "align", "orientation", "rwidth", "log", "color", "label",
                                               "stacked"], required: 1, acceptsExtraKeywords: true)
            var extra: [String: Value] = [:]
            for (name, value) in bound.extra {
                let allowed: Set = ["alpha", "edgecolor", "ec", "linewidth", "lw", "facecolor", "fc", "zorder", "normed"]
                guard allowed.contains(name) else {
                    throw ScriptError(.attributeError, "Rectangle.set() got an unexpected keyword argument '\(name)'")
                }
                extra[name] = value
            }
            for name in ["weights", "cumulative", "bottom", "rwidth", "log", "stacked", "normed"] {
                if let value = bound.optional(name) ?? extra[name], !(value.isFalse) {
                    throw ScriptError(.notImplementedError, "hist() does not support \(name)= yet")
                }
            }
            if let type = bound.optional("histtype"), Value.strOf(type) != "bar" {
                throw ScriptError(.notImplementedError, "hist() draws histtype='bar' only")
            }
            if let orientation = bound.optional("orientation"), Value.strOf(orientation) != "vertical" {
                throw ScriptError(.notImplementedError, "hist() draws orientation='vertical' only")
            }
            let values = try PlotValues.numbers(bound["x"] ?? .none, "hist", interpreter: interpreter)
            var bins = HistogramBins.count(10)
            if let value = bound.optional("bins") {
                switch value {
                case .int(let n): bins = .count(n)
                case .str(let s): throw ScriptError(.notImplementedError, "hist() bins=\(Value.quote(s)): only a number of bins or an edges sequence is supported")
                default: bins = .edges(try PlotValues.numbers(value, "hist", interpreter: interpreter))
                }
            }
            var range: (Double, Double)?
            if let value = bound.optional("range") {
                let pair = try PlotValues.numbers(value, "hist", interpreter: interpreter)
                guard pair.count == 2 else { throw ScriptError(.valueError, "too many values to unpack (expected 2)") }
                range = (pair[0], pair[1])
            }
            let density = try bound.optional("density").map { try PlotValues.truth($0, "density") } ?? false
            let histogram = try PlotValues.plotCall {
                try target().hist(values, bins: bins, range: range, density: density,
                                            color: try PlotValues.color(bound.optional("color") ?? extra["facecolor"] ?? extra["fc"]),
                                            alpha: try extra["alpha"].flatMap { $0.isNone ? nil : try PlotValues.number($0, "alpha") },
                                            edgeColor: try PlotValues.color(extra["edgecolor"] ?? extra["ec"]),
                                            label: try PlotValues.string(bound.optional("label"), "label"))
            }
            let patches = PlotArtistObject(typeName: "BarContainer", repr: "<BarContainer object of \(histogram.counts.count) artists>")
            return .tuple([PlotValues.array(histogram.counts), PlotValues.array(histogram.edges), .object(patches)])
        }
        plt.define("plot", doc: """
            plot([x], y, [fmt], *, color=None, linewidth=1.5, linestyle='-', marker=None, label=None, alpha=None)

            Lines through (x, y); x defaults to 0..len(y)-1; fmt like 'r--' or 'o-'.
            Example: plt.plot(epochs, rmse, 'o-', label='train')
            """) { [unowned self] args, interpreter in
            let keywords = try Self.keywords(args, allowed: ["color", "c", "linewidth", "lw", "linestyle", "ls", "label",
                                                             "alpha", "marker", "markersize", "ms", "zorder"], artist: "Line2D")
            let groups = try self.plotGroups(args.positional, interpreter: interpreter)
            guard !groups.isEmpty else { return .list(ListObject([])) }
            var lines: [Value] = []
            for group in groups {
                var format = group.format
                if let value = keywords["linestyle"] ?? keywords["ls"], case .str(let s) = value {
                    format.lineStyle = LineStyle(rawValue: s == "solid" ? "-" : s == "dashed" ? "--" : s == "dotted" ? ":" : s == "dashdot" ? "-." : s == "None" || s == "none" ? "" : s) ?? .solid
                }
                if let marker = keywords["marker"], !marker.isNone { format.markers = true }
                let color = try PlotValues.color(keywords["color"] ?? keywords["c"]) ?? format.color
                let width = try (keywords["linewidth"] ?? keywords["lw"]).map { try PlotValues.number($0, "linewidth") } ?? 1.5
                let size = try (keywords["markersize"] ?? keywords["ms"]).map { try PlotValues.number($0, "markersize") } ?? 6
                let alpha = try keywords["alpha"].flatMap { $0.isNone ? nil : try PlotValues.number($0, "alpha") }
                try PlotValues.plotCall {
                    try target().plot(x: group.x, y: group.y, color: color, lineWidth: width,
                                                lineStyle: format.lineStyle, markers: format.markers, markerSize: size,
                                                alpha: alpha, label: try PlotValues.string(keywords["label"], "label"))
                }
                lines.append(.object(PlotArtistObject(typeName: "Line2D", repr: "<matplotlib.lines.Line2D object>")))
            }
            return .list(ListObject(lines))
        }
        plt.define("scatter", doc: "scatter(x, y, s=None, c=None, marker=None, alpha=None, label=None, color=None)\n\nMarkers at (x, y); s is the area in points² (36).\nExample: plt.scatter(x, y, s=4, alpha=0.5)") { args, interpreter in
            let bound = try args.bind("scatter", ["x", "y", "s", "c", "marker", "cmap", "norm", "vmin", "vmax", "alpha",
                                                  "linewidths", "edgecolors", "label", "color", "zorder"], required: 2)
            let x = try PlotValues.numbers(bound["x"] ?? .none, "scatter", interpreter: interpreter)
            let y = try PlotValues.numbers(bound["y"] ?? .none, "scatter", interpreter: interpreter)
            let sizes = try bound.optional("s").map { try PlotValues.numbers($0, "scatter", interpreter: interpreter) } ?? [36]
            let alpha = try bound.optional("alpha").map { try PlotValues.number($0, "alpha") }
            try PlotValues.plotCall {
                try target().scatter(x: x, y: y, sizes: sizes,
                                               color: try PlotValues.color(bound.optional("color") ?? bound.optional("c")),
                                               alpha: alpha, label: try PlotValues.string(bound.optional("label"), "label"))
            }
            return .object(PlotArtistObject(typeName: "PathCollection", repr: "<matplotlib.collections.PathCollection object>"))
        }
        plt.define("bar", doc: "bar(x, height, width=0.8, bottom=None, *, align='center', color=None, edgecolor=None, label=None, alpha=None)\n\nBars of height centred on x.\nExample: plt.bar([1, 2, 3], counts)") { [unowned self] args, interpreter in
            let bound = try args.bind("bar", ["x", "height", "width", "bottom", "align", "color", "edgecolor", "label",
                                              "alpha", "linewidth", "tick_label", "zorder"], required: 2)
            if let align = bound.optional("align"), Value.strOf(align) != "center" {
                throw ScriptError(.notImplementedError, "bar() supports align='center' only")
            }
            let x = try self.barPositions(bound["x"] ?? .none, target: target, interpreter: interpreter)
            let heights = try PlotValues.numbers(bound["height"] ?? .none, "bar", interpreter: interpreter)
            let width = try bound.optional("width").map { try PlotValues.numbers($0, "bar", interpreter: interpreter) } ?? [0.8]
            let bottom = try bound.optional("bottom").map { try PlotValues.numbers($0, "bar", interpreter: interpreter) } ?? [0]
            let alpha = try bound.optional("alpha").map { try PlotValues.number($0, "alpha") }
            try PlotValues.plotCall {
                try target().bar(x: x, heights: heights, width: width, bottom: bottom,
                                           color: try PlotValues.color(bound.optional("color")), alpha: alpha,
                                           edgeColor: try PlotValues.color(bound.optional("edgecolor")),
                                           label: try PlotValues.string(bound.optional("label"), "label"))
            }
            return .object(PlotArtistObject(typeName: "BarContainer", repr: "<BarContainer object of \(x.count) artists>"))
        }
    }

    /// Bar positions: numbers, or category names placed at 0, 1, … with the names as tick labels.
    func barPositions(_ value: Value, target: () throws -> Axes, interpreter: Interpreter) throws -> [Double] {
        var items: [Value]? = nil
        switch value {
        case .list(let list): items = list.items
        case .tuple(let t): items = t
        case .object(let object) where object.typeName != "ndarray" && object.typeName != "Series":
            items = try object.iterate(interpreter: interpreter)
        default: break
        }
        if let items, !items.isEmpty, items.allSatisfy({ if case .str = $0 { return true } else { return false } }) {
            return try target().categoryPositions(items.map { Value.strOf($0) })
        }
        if case .object(let object as NDArrayObject) = value, object.array.dtype == .string {
            return try target().categoryPositions(object.array.strings())
        }
        if case .object(let object as SeriesObject) = value, object.series.values.dtype == .string {
            return try target().categoryPositions(object.series.values.strings())
        }
        return try PlotValues.numbers(value, "bar", interpreter: interpreter)
    }

    struct LineFormat {
        var color: Color?
        var lineStyle = LineStyle.solid
        var markers = false
    }

    /// matplotlib's format strings: a colour letter or `C0`…`C9`, a marker (`o . s ^ v * + x d`),
    /// a line style (`- -- : -.`). A marker without a line style draws markers only.
    static func lineFormat(_ text: String) throws -> LineFormat {
        var format = LineFormat()
        var rest = Substring(text)
        var sawLine = false
        while let c = rest.first {
            if rest.hasPrefix("--") { format.lineStyle = .dashed; sawLine = true; rest = rest.dropFirst(2); continue }
            if rest.hasPrefix("-.") { format.lineStyle = .dashDot; sawLine = true; rest = rest.dropFirst(2); continue }
            if c == "-" { format.lineStyle = .solid; sawLine = true }
            else if c == ":" { format.lineStyle = .dotted; sawLine = true }
            else if "o.s^v*+xdDph<>".contains(c) { format.markers = true }
            else if c == "C", let digit = rest.dropFirst().first, digit.isNumber {
                format.color = try PlotValues.plotCall { try Color.parse("C\(digit)") }
                rest = rest.dropFirst(2)
                continue
            } else if "bgrcmykw".contains(c) {
                format.color = try PlotValues.plotCall { try Color.parse(String(c)) }
            } else {
                throw ScriptError(.valueError, "\(Value.quote(text)) is not a valid format string (unrecognized character '\(c)')")
            }
            rest = rest.dropFirst()
        }
        if format.markers && !sawLine { format.lineStyle = .none }
        return format
    }

    /// Splits `plot`'s positional arguments into `(x, y, fmt)` groups: `y`, `x, y`, `y, fmt`,
    /// `x, y, fmt`, repeated.
    func plotGroups(_ positional: [Value], interpreter: Interpreter) throws -> [(x: [Double]?, y: [Double], format: LineFormat)] {
        var groups: [(x: [Double]?, y: [Double], format: LineFormat)] = []
        var i = 0
        while i < positional.count {
            if case .str = positional[i] { throw ScriptError(.valueError, "plot() format string must follow the data") }
            let first = try PlotValues.numbers(positional[i], "plot", interpreter: interpreter)
            i += 1
            var x: [Double]? = nil, y = first
            if i < positional.count, !positional[i].isString {
                x = first
                y = try PlotValues.numbers(positional[i], "plot", interpreter: interpreter)
                i += 1
            }
            var format = LineFormat()
            if i < positional.count, case .str(let text) = positional[i] {
                format = try Self.lineFormat(text)
                i += 1
            }
            groups.append((x, y, format))
        }
        return groups
    }
}

fileprivate extension Value {
    var isNone: Bool { if case .none = self { return true } else { return false } }
    var isString: Bool { if case .str = self { return true } else { return false } }
    /// `None`, `False` or `0`.
    var isFalse: Bool {
        switch self {
        case .none, .bool(false), .int(0): return true
        case .float(let d): return d == 0
        default: return false
        }
    }
}
