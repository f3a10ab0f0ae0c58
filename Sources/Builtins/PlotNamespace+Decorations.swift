import Foundation
import Plot
import Script

/// Titles, axis labels, limits, grid and legend of `matplotlib.pyplot`.
extension PyplotState {
    /// Titles, labels, limits, ticks, grid and legend of the axes `target()` returns; with
    /// `axesMethods` the names are the `Axes` methods' (`set_title`, `set_xlim`, …).
    func defineDecorations(in plt: ModuleObject, axesMethods: Bool, target: @escaping () throws -> Axes) {
        let prefix = axesMethods ? "set_" : ""
        defineText(in: plt, prefix + "title", x: "0.5", y: "1.0", target: target) { axes, text in axes.title = text }
        defineText(in: plt, prefix + "xlabel", x: "0.5", y: "0", target: target) { axes, text in axes.xLabel = text }
        defineText(in: plt, prefix + "ylabel", x: "0", y: "0.5", target: target) { axes, text in axes.yLabel = text }
        defineLimits(in: plt, prefix + "xlim", lowerName: "left", upperName: "right", target: target,
                     get: { $0.viewLimits().x }, set: { $0.xLimits = ($1, $2) })
        defineLimits(in: plt, prefix + "ylim", lowerName: "bottom", upperName: "top", target: target,
                     get: { $0.viewLimits().y }, set: { $0.yLimits = ($1, $2) })
        defineTicks(in: plt, axesMethods: axesMethods, target: target)
        plt.define("grid", doc: "grid(visible=None, which='major', axis='both', **kwargs)\n\nShow or hide grid lines; grid() toggles.\nExample: plt.grid(True)") { [unowned self, target] args, _ in
            let bound = try args.bind("grid", ["visible", "which", "axis", "b"], acceptsExtraKeywords: true)
            let axes = try target()
            let flag = bound.optional("visible") ?? bound.optional("b")
            if let flag {
                axes.gridVisible = try PlotValues.truth(flag, "visible")
            } else if bound.extra.isEmpty {
                axes.gridVisible = !(axes.gridVisible ?? self.style.parameters.gridVisible)
            } else {
                axes.gridVisible = true
            }
            return .none
        }
        plt.define("legend", doc: "legend(*args, loc='best', **kwargs)\n\nA legend of the series drawn with label=.\nExample: plt.plot(x, y, label='train'); plt.legend()") { [target] args, interpreter in
            let axes = try target()
            if let loc = args.keywords.first(where: { $0.name == "loc" })?.value ?? (args.positional.count > 1 ? args.positional[1] : nil) {
                let location: LegendLocation?
                switch loc {
                case .str(let name): location = LegendLocation(rawValue: name)
                case .int(let code): location = LegendLocation(code: code)
                default: location = nil
                }
                guard let location else {
                    throw ScriptError(.valueError, "\(Value.reprOf(loc)) is not a valid value for loc; supported values are \(LegendLocation.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))")
                }
                axes.legendLocation = location
            }
            if let labels = args.positional.first {
                guard case .list(let list) = labels else {
                    throw ScriptError(.notImplementedError, "legend() takes a list of labels, or labels given to the plotting calls")
                }
                axes.setLabels(list.items.map { Value.strOf($0) })
            }
            if !axes.hasLabeledSeries {
                interpreter.sink.write("No artists with labels found to put in legend.  Note that artists whose label start with an underscore are ignored when legend() is called with no argument.\n", to: .stderr)
            }
            axes.legendVisible = true
            return .object(PlotArtistObject(typeName: "Legend", repr: "<matplotlib.legend.Legend object>"))
        }
    }

    private func defineText(in plt: ModuleObject, _ name: String, x: String, y: String,
                            target: @escaping () throws -> Axes, _ apply: @escaping (Axes, PlotText) -> Void) {
        let parameter = name.hasSuffix("title") ? "label" : name.replacingOccurrences(of: "set_", with: "")
        plt.define(name, doc: "\(name)(\(parameter), fontdict=None, fontsize=None, **kwargs)\n\nSet the \(name.hasSuffix("title") ? "axes title" : name.hasSuffix("xlabel") ? "x-axis label" : "y-axis label"); fontsize in points or 'large', 'small', ….\nExample: plt.\(name)(\"Count\", fontsize=14)") { [target] args, _ in
            let bound = try args.bind(name, [parameter, "fontdict", "loc", "pad", "labelpad"], required: 1, acceptsExtraKeywords: true)
            var size: Value? = nil
            for (key, value) in bound.extra {
                switch key {
                case "fontsize", "size": size = value
                case "color", "fontweight", "weight", "y", "x", "rotation", "ha", "va", "family": break
                default: throw ScriptError(.attributeError, "Text.set() got an unexpected keyword argument '\(key)'")
                }
            }
            if case .dict(let dict)? = bound.optional("fontdict"), let value = try dict.get(.str("fontsize")) {
                size = size ?? value
            }
            let text = Value.strOf(bound[parameter] ?? .none)
            apply(try target(), PlotText(text, fontSize: try PlotValues.fontSize(size)))
            return .object(PlotArtistObject(typeName: "Text", repr: "Text(\(x), \(y), \(Value.quote(text)))"))
        }
    }

    private func defineLimits(in plt: ModuleObject, _ name: String, lowerName: String, upperName: String,
                              target: @escaping () throws -> Axes,
                              get: @escaping (Axes) -> (Double, Double),
                              set: @escaping (Axes, Double?, Double?) -> Void) {
        plt.define(name, doc: "\(name)(\(lowerName)=None, \(upperName)=None)\n\nGet or set the \(name.hasSuffix("xlim") ? "x" : "y") limits; returns (\(lowerName), \(upperName)).\nExample: plt.\(name)(0, 5)") { [target] args, interpreter in
            let bound = try args.bind(name, [lowerName, upperName])
            let axes = try target()
            var lower = bound.optional(lowerName), upper = bound.optional(upperName)
            if let pair = lower, upper == nil, case .tuple = pair {
                let values = try PlotValues.numbers(pair, name, interpreter: interpreter)
                guard values.count == 2 else { throw ScriptError(.valueError, "\(name)() takes (\(lowerName), \(upperName))") }
                (lower, upper) = (.float(values[0]), .float(values[1]))
            } else if let pair = lower, upper == nil, case .list = pair {
                let values = try PlotValues.numbers(pair, name, interpreter: interpreter)
                guard values.count == 2 else { throw ScriptError(.valueError, "\(name)() takes (\(lowerName), \(upperName))") }
                (lower, upper) = (.float(values[0]), .float(values[1]))
            }
            if lower != nil || upper != nil {
                let low = try lower.map { try PlotValues.number($0, name) }
                let high = try upper.map { try PlotValues.number($0, name) }
                for v in [low, high].compactMap({ $0 }) where !v.isFinite {
                    throw ScriptError(.valueError, "Axis limits cannot be NaN or Inf")
                }
                let current = get(axes)
                set(axes, low ?? current.0, high ?? current.1)
            }
            let limits = get(axes)
            return .tuple([.float(limits.0), .float(limits.1)])
        }
    }
}

/// Tick positions and labels: `plt.xticks`/`plt.yticks` and the `Axes` setters.
extension PyplotState {
    func defineTicks(in plt: ModuleObject, axesMethods: Bool, target: @escaping () throws -> Axes) {
        for axis in ["x", "y"] {
            let isX = axis == "x"
            let apply: (Axes, [Double]?, [String]?, Value?, Value?) throws -> Void = { axes, positions, labels, rotation, alignment in
                var override = (isX ? axes.xTicks : axes.yTicks) ?? TickOverride(positions: [])
                if let positions { override.positions = positions }
                if let labels {
                    guard labels.count == override.positions.count else {
                        throw ScriptError(.valueError, "The number of FixedLocator locations (\(override.positions.count)), usually from a call to set_ticks, does not match the number of labels (\(labels.count)).")
                    }
                    override.labels = labels
                }
                if positions != nil || labels != nil {
                    if isX { axes.xTicks = override } else { axes.yTicks = override }
                }
                if let rotation, isX {
                    switch rotation {
                    case .str("vertical"): axes.xTickRotation = 90
                    case .str("horizontal"): axes.xTickRotation = 0
                    default: axes.xTickRotation = try PlotValues.number(rotation, "rotation")
                    }
                }
                if let alignment, isX {
                    guard let value = TickLabelAlignment(rawValue: Value.strOf(alignment)) else {
                        throw ScriptError(.valueError, "\(Value.reprOf(alignment)) is not a valid value for horizontalalignment; supported values are 'center', 'right', 'left'")
                    }
                    axes.xTickAlignment = value
                }
            }
            let strings: (Value?) throws -> [String]? = { value in
                guard let value, !value.isNoneValue else { return nil }
                switch value {
                case .list(let list): return list.items.map { Value.strOf($0) }
                case .tuple(let items): return items.map { Value.strOf($0) }
                default: throw ScriptError(.typeError, "tick labels must be a list of strings, not \(value.typeName)")
                }
            }
            if axesMethods {
                plt.define("set_\(axis)ticks", doc: "set_\(axis)ticks(ticks, labels=None)\n\nFixed tick positions (and labels).\nExample: ax.set_\(axis)ticks([0, 1, 2])") { args, interpreter in
                    let bound = try args.bind("set_\(axis)ticks", ["ticks", "labels", "minor"], required: 1)
                    let positions = try PlotValues.numbers(bound["ticks"] ?? .none, "set_\(axis)ticks", interpreter: interpreter)
                    try apply(try target(), positions, try strings(bound.optional("labels")), nil, nil)
                    return .none
                }
                plt.define("set_\(axis)ticklabels", doc: "set_\(axis)ticklabels(labels, rotation=None, ha=None)\n\nLabels for the fixed ticks.\nExample: ax.set_xticklabels(names, rotation=90)") { args, _ in
                    let bound = try args.bind("set_\(axis)ticklabels", ["labels", "fontdict", "minor"], required: 1, acceptsExtraKeywords: true)
                    let extra = Dictionary(bound.extra.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
                    try apply(try target(), nil, try strings(bound["labels"]), extra["rotation"], extra["ha"] ?? extra["horizontalalignment"])
                    return .none
                }
            } else {
                plt.define("\(axis)ticks", doc: "\(axis)ticks(ticks=None, labels=None, *, rotation=None, ha=None)\n\nGet or set tick positions and labels.\nExample: plt.xticks(range(len(names)), names, rotation=90)") { args, interpreter in
                    let bound = try args.bind("\(axis)ticks", ["ticks", "labels", "minor"], acceptsExtraKeywords: true)
                    let extra = Dictionary(bound.extra.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
                    let positions = try bound.optional("ticks").map { try PlotValues.numbers($0, "\(axis)ticks", interpreter: interpreter) }
                    let axes = try target()
                    try apply(axes, positions, try strings(bound.optional("labels")), extra["rotation"], extra["ha"] ?? extra["horizontalalignment"])
                    let current = (isX ? axes.xTicks : axes.yTicks)?.positions ?? []
                    return .tuple([.list(ListObject(current.map { .float($0) })),
                                   .object(PlotArtistObject(typeName: "list", repr: "<a list of \(current.count) Text ticklabel objects>"))])
                }
            }
        }
    }
}

private extension Value {
    var isNoneValue: Bool { if case .none = self { return true } else { return false } }
}
