import Foundation
import Plot
import Script

/// A matplotlib `Figure` as a script value: printed `<Figure size 640x480 with 1 Axes>`, shown
/// in a notebook as its PNG. Example (script): `fig = plt.figure(figsize=(8, 4)); fig.savefig('a.png')`.
final class FigureObject: ScriptObject {
    let figure: Figure
    private let fontPath: String

    init(_ figure: Figure, fontPath: String) {
        self.figure = figure
        self.fontPath = fontPath
    }

    var typeName: String { "Figure" }
    func repr() -> String { figure.summary }
    var attributeNames: [String] { ["savefig", "set_size_inches", "get_size_inches", "dpi"] }

    /// `image/png` (base64) of the figure; empty when rendering fails (the text form still shows).
    func richRepresentations() -> [String: String] {
        guard let bundle = try? PlotDisplay.bundle(figure, fontPath: fontPath) else { return [:] }
        return ["image/png": bundle["image/png"] ?? ""]
    }

    func attribute(_ name: String, interpreter: Interpreter) throws -> Value? {
        switch name {
        case "dpi": return .float(figure.dpi)
        case "savefig":
            return .object(BuiltinFunction("savefig", doc: PlotDisplay.savefigDoc) { [figure, fontPath] args, _ in
                try PlotDisplay.savefig(figure, args, fontPath: fontPath)
            })
        case "get_size_inches":
            return .object(BuiltinFunction("get_size_inches") { [figure] _, _ in
                .tuple([.float(figure.widthInches), .float(figure.heightInches)])
            })
        case "set_size_inches":
            return .object(BuiltinFunction("set_size_inches", doc: "set_size_inches(w, h)\n\nSet the figure size in inches.") { [figure] args, _ in
                let bound = try args.bind("set_size_inches", ["w", "h"], required: 1)
                var w = bound["w"] ?? .none, h = bound["h"] ?? .none
                if case .tuple(let pair) = w, pair.count == 2 { (w, h) = (pair[0], pair[1]) }
                let (oldW, oldH) = (figure.widthInches, figure.heightInches)
                figure.widthInches = try PlotValues.number(w, "set_size_inches")
                figure.heightInches = try PlotValues.number(h, "set_size_inches")
                do { _ = try PlotValues.plotCall { try figure.pixelSize() } } catch {
                    (figure.widthInches, figure.heightInches) = (oldW, oldH)
                    throw error
                }
                return .none
            })
        default: return nil
        }
    }
}

/// A stand-in for a matplotlib artist the language does not model (Text, Line2D, Legend,
/// BarContainer, PathCollection): it prints as matplotlib prints it and has no attributes.
final class PlotArtistObject: ScriptObject {
    let typeName: String
    private let text: String

    init(typeName: String, repr: String) {
        self.typeName = typeName
        text = repr
    }

    func repr() -> String { text }
}

/// Publishing and saving figures.
enum PlotDisplay {
    /// The MIME bundle of a figure: `image/png` (base64 PNG) and `text/plain` (its summary).
    /// - Throws: `OSError` when the font is missing, `ValueError` for bad sizes.
    static func bundle(_ figure: Figure, fontPath: String) throws -> [String: String] {
        let png = try PlotValues.plotCall { try figure.pngData(fontPath: fontPath) }
        return ["image/png": Data(png).base64EncodedString(), "text/plain": figure.summary]
    }

    static let savefigDoc = """
        savefig(fname, dpi=None, format=None, **kwargs)

        Save the figure as a PNG file (the only format supported); a name without an extension
        gets '.png'. Example: plt.savefig('ratings.png', dpi=150)
        """

    /// matplotlib's `savefig(fname, dpi=None, format=None, ...)`, PNG only.
    /// - Throws: `ValueError` for another format, `FileNotFoundError` when the directory does
    ///   not exist, `OSError` when writing fails.
    static func savefig(_ figure: Figure, _ args: Arguments, fontPath: String) throws -> Value {
        let bound = try args.bind("savefig", ["fname", "dpi", "format"], required: 1, acceptsExtraKeywords: true)
        guard case .str(var path)? = bound["fname"] else {
            throw ScriptError(.typeError, "savefig() fname must be a str path, not \((bound["fname"] ?? .none).typeName)")
        }
        let dpi = try bound.optional("dpi").map { try PlotValues.number($0, "dpi") }
        var format = try PlotValues.string(bound.optional("format"), "format")
        let name = (path as NSString).lastPathComponent
        let ext = (name as NSString).pathExtension.lowercased()
        if format == nil { format = ext.isEmpty ? "png" : ext }
        guard format?.lowercased() == "png" else {
            throw ScriptError(.valueError, "Format '\(format ?? "")' is not supported (supported formats: png)")
        }
        if ext.isEmpty { path += ".png" }
        if let dpi, !(dpi > 0 && dpi.isFinite) { throw ScriptError(.valueError, "dpi must be positive, got \(Value.formatFloat(dpi))") }
        let png = try PlotValues.plotCall { try figure.pngData(dpi: dpi, fontPath: fontPath) }
        let directory = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) || !isDirectory.boolValue {
            throw ScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: \(Value.quote(path))")
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(png)) else {
            throw ScriptError(.osError, "cannot write \(Value.quote(path))")
        }
        return .none
    }
}

/// A figure's `Axes` as a script value (`fig, ax = plt.subplots()`, `plt.gca()`): the same
/// drawing calls as `plt` (`ax.hist`, `ax.plot`, …) and matplotlib's setters (`ax.set_title`,
/// `ax.set_xlabel`, `ax.set_xlim`, `ax.set_xticks`, …).
/// Example (script): `fig, ax = plt.subplots(); ax.hist(x, bins=20); ax.set_title("x")`
final class AxesObject: ScriptObject {
    let figure: Figure
    private let methods: ModuleObject
    private let fontPath: String

    init(figure: Figure, state: PyplotState) {
        self.figure = figure
        fontPath = state.fontPath
        methods = ModuleObject("Axes")
        state.defineDrawing(in: methods) { [figure] in figure.axes }
        state.defineDecorations(in: methods, axesMethods: true) { [figure] in figure.axes }
    }

    var typeName: String { "Axes" }
    func repr() -> String {
        guard let title = figure.axes.title?.text, !title.isEmpty else { return "<Axes: >" }
        return "<Axes: title={'center': \(Value.quote(title))}>"
    }
    var attributeNames: [String] { methods.memberNames + ["figure"] }

    func attribute(_ name: String, interpreter: Interpreter) throws -> Value? {
        if name == "figure" { return .object(FigureObject(figure, fontPath: fontPath)) }
        return methods.member(name)
    }
}
