import Plot
import Script

/// Titles, axis labels, limits, grid and legend of `matplotlib.pyplot`.
extension PyplotState {
    func defineDecorations(in plt: ModuleObject) {
        defineText(in: plt, "title", x: "0.5", y: "1.0") { axes, text in axes.title = text }
        defineText(in: plt, "xlabel", x: "0.5", y: "0") { axes, text in axes.xLabel = text }
        defineText(in: plt, "ylabel", x: "0", y: "0.5") { axes, text in axes.yLabel = text }
        defineLimits(in: plt, "xlim", lowerName: "left", upperName: "right",
                     get: { $0.viewLimits().x }, set: { $0.xLimits = ($1, $2) })
        defineLimits(in: plt, "ylim", lowerName: "bottom", upperName: "top",
                     get: { $0.viewLimits().y }, set: { $0.yLimits = ($1, $2) })
        plt.define("grid", doc: "grid(visible=None, which='major', axis='both', **kwargs)\n\nShow or hide grid lines; grid() toggles.\nExample: plt.grid(True)") { [unowned self] args, _ in
            let bound = try args.bind("grid", ["visible", "which", "axis", "b"], acceptsExtraKeywords: true)
            let axes = try self.currentAxes()
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
        plt.define("legend", doc: "legend(*args, loc='best', **kwargs)\n\nA legend of the series drawn with label=.\nExample: plt.plot(x, y, label='train'); plt.legend()") { [unowned self] args, interpreter in
            let axes = try self.currentAxes()
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
                            _ apply: @escaping (Axes, PlotText) -> Void) {
        let parameter = name == "title" ? "label" : "\(name)"
        plt.define(name, doc: "\(name)(\(parameter), fontdict=None, fontsize=None, **kwargs)\n\nSet the \(name == "title" ? "axes title" : name == "xlabel" ? "x-axis label" : "y-axis label"); fontsize in points or 'large', 'small', ….\nExample: plt.\(name)(\"Count\", fontsize=14)") { [unowned self] args, _ in
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
            apply(try self.currentAxes(), PlotText(text, fontSize: try PlotValues.fontSize(size)))
            return .object(PlotArtistObject(typeName: "Text", repr: "Text(\(x), \(y), \(Value.quote(text)))"))
        }
    }

    private func defineLimits(in plt: ModuleObject, _ name: String, lowerName: String, upperName: String,
                              get: @escaping (Axes) -> (Double, Double),
                              set: @escaping (Axes, Double?, Double?) -> Void) {
        plt.define(name, doc: "\(name)(\(lowerName)=None, \(upperName)=None)\n\nGet or set the \(name == "xlim" ? "x" : "y") limits; returns (\(lowerName), \(upperName)).\nExample: plt.\(name)(0, 5)") { [unowned self] args, interpreter in
            let bound = try args.bind(name, [lowerName, upperName])
            let axes = try self.currentAxes()
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
