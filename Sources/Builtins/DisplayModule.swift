import Foundation
import Script

/// `IPython` and `IPython.display`: publishing rich output from a cell, as IPython does.
///
/// Example (script):
/// ```
/// from IPython.display import display, HTML
/// h = display(HTML('<b>x</b>'), display_id=True)
/// h.update(HTML('<b>y</b>'))
/// ```
/// `display` publishes a Jupyter `display_data` message (through the sink), `update` an
/// `update_display_data` with the same `transient.display_id`.
public enum DisplayModules {
    /// The MIME bundle IPython publishes for `value`: `text/plain` (its repr) plus the object's
    /// `richRepresentations()` (`text/html`, `text/markdown`, `image/png` as base64).
    /// Rich display objects (`HTML`, `Markdown`, `Image`) carry their own `text/plain`.
    public static func mimeBundle(for value: Value) -> [String: String] {
        var bundle: [String: String] = [:]
        if case .object(let object) = value { bundle = object.richRepresentations() }
        if bundle["text/plain"] == nil { bundle["text/plain"] = Session.prettyRepr(value) }
        return bundle
    }

    /// A new display id: 32 lowercase hex digits, as IPython's `uuid4().hex`.
    public static func newDisplayID() -> String {
        UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    /// The top-level `IPython` package, with `display` as its submodule and `get_ipython()`.
    static func makeIPython(display: ModuleObject) -> ModuleObject {
        let ipython = ModuleObject("IPython", doc: "IPython's display API (the part a notebook uses): IPython.display.")
        ipython.define("display", .object(display))
        ipython.define("version_info", .tuple([.int(8), .int(0), .int(0), .str("")]))
        return ipython
    }

    /// `IPython.display`: `display`, `update_display`, `clear_output`, `HTML`, `Markdown`,
    /// `Image`, `DisplayHandle`.
    static func makeDisplay() -> ModuleObject {
        let module = ModuleObject("IPython.display", doc: "Rich output in a notebook: display(obj), HTML, Markdown, Image, clear_output.")
        module.define("display", doc: displayDoc) { args, interpreter in
            try display(args, interpreter)
        }
        module.define("update_display", doc: "update_display(obj, *, display_id)\n\nReplaces the output shown under display_id (Jupyter update_display_data).") { args, interpreter in
            let b = try args.bind("update_display", ["obj", "display_id"], required: 2)
            let id = try string(b["display_id"] ?? .none, "update_display", "display_id")
            interpreter.sink.display(mimeBundle(for: b["obj"] ?? .none), metadata: [:], displayID: id, update: true)
            return .none
        }
        module.define("clear_output", doc: "clear_output(wait=False)\n\nClears the cell's output; with wait=True, when the next output arrives (Jupyter clear_output).") { args, interpreter in
            let b = try args.bind("clear_output", ["wait"])
            interpreter.sink.clearOutput(wait: try flag(b.optional("wait"), "clear_output", "wait"))
            return .none
        }
        module.define("HTML", doc: "HTML(data=None, filename=None)\n\nAn object shown as HTML (text/html).") { args, _ in
            .object(RichDisplayObject(kind: .html, try textData(args, "HTML")))
        }
        module.define("Markdown", doc: "Markdown(data=None, filename=None)\n\nAn object shown as Markdown (text/markdown).") { args, _ in
            .object(RichDisplayObject(kind: .markdown, try textData(args, "Markdown")))
        }
        module.define("Image", doc: imageDoc) { args, _ in
            try makeImage(args)
        }
        module.define("DisplayHandle", doc: "DisplayHandle(display_id=None)\n\nA handle to update one display: .display(obj), .update(obj), .display_id.") { args, _ in
            let b = try args.bind("DisplayHandle", ["display_id"])
            let id = try b.optional("display_id").map { try string($0, "DisplayHandle", "display_id") } ?? newDisplayID()
            return .object(DisplayHandleObject(id))
        }
        return module
    }

    static let displayDoc = """
    display(*objs, display_id=None, clear=False)

    Publishes each object's MIME bundle (text/plain repr plus its rich forms) as Jupyter
    display_data. With display_id=True (a new id) or a string id, returns a DisplayHandle whose
    update(obj) replaces that output (update_display_data); otherwise returns None.
    """

    static let imageDoc = """
    Image(data=None, url=None, filename=None, format=None, embed=None, width=None, height=None)

    An image shown as image/png or image/jpeg. data is base64 text of the file's bytes;
    filename is a path to read. format ('png', 'jpeg') defaults to the file's extension, else png.
    Raises FileNotFoundError for a missing file, ValueError for data that is not base64.
    """

    private static func display(_ args: Arguments, _ interpreter: Interpreter) throws -> Value {
        var keywords: [(name: String, value: Value)] = []
        var idValue: Value = .none
        var clear = false
        for (name, value) in args.keywords {
            switch name {
            case "display_id": idValue = value
            case "clear": clear = try flag(value, "display", "clear")
            case "include", "exclude", "metadata", "transient", "raw": keywords.append((name, value))
            default: throw ScriptError(.typeError, "display() got an unexpected keyword argument '\(name)'")
            }
        }
        let id: String?
        switch idValue {
        case .none, .bool(false): id = nil
        case .bool(true): id = newDisplayID()
        case .str(let s): id = s
        default: throw ScriptError(.typeError, "display() argument 'display_id' must be True or a string, not \(idValue.typeName)")
        }
        if clear { interpreter.sink.clearOutput(wait: true) }
        for object in args.positional {
            interpreter.sink.display(mimeBundle(for: object), metadata: [:], displayID: id, update: false)
        }
        return id.map { .object(DisplayHandleObject($0)) } ?? .none
    }

    private static func textData(_ args: Arguments, _ function: String) throws -> String {
        let b = try args.bind(function, ["data", "url", "filename", "metadata"])
        if let path = b.optional("filename") {
            let name = try string(path, function, "filename")
            guard let data = FileManager.default.contents(atPath: name) else {
                throw ScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: \(Value.quote(name))")
            }
            return String(decoding: data, as: UTF8.self)
        }
        guard let data = b.optional("data") else { return "" }
        if case .str(let text) = data { return text }
        return Value.strOf(data)
    }

    private static func makeImage(_ args: Arguments) throws -> Value {
        let b = try args.bind("Image", ["data", "url", "filename", "format", "embed", "width", "height", "retina", "unconfined", "metadata"])
        var format = try b.optional("format").map { try string($0, "Image", "format").lowercased() }
        let base64: String
        if let path = b.optional("filename") {
            let name = try string(path, "Image", "filename")
            guard let data = FileManager.default.contents(atPath: name) else {
                throw ScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: \(Value.quote(name))")
            }
            base64 = data.base64EncodedString()
            if format == nil {
                let ext = (name as NSString).pathExtension.lowercased()
                format = ext.isEmpty ? nil : ext
            }
        } else if let data = b.optional("data") {
            let text = try string(data, "Image", "data").filter { !$0.isWhitespace }
            guard let decoded = Data(base64Encoded: text), !decoded.isEmpty else {
                throw ScriptError(.valueError, "Image(): data must be the image file's bytes as base64 text")
            }
            base64 = text
            if format == nil, decoded.starts(with: [0xFF, 0xD8]) { format = "jpeg" }
        } else {
            throw ScriptError(.valueError, "No image data found. Expecting filename, url, or data.")
        }
        let mime: String
        switch format ?? "png" {
        case "png": mime = "image/png"
        case "jpg", "jpeg": mime = "image/jpeg"
        case "gif": mime = "image/gif"
        case let other: throw ScriptError(.valueError, "Cannot embed the '\(other)' image format")
        }
        return .object(RichDisplayObject(kind: .image(mime: mime), base64))
    }

    static func string(_ value: Value, _ function: String, _ parameter: String) throws -> String {
        guard case .str(let s) = value else {
            throw ScriptError(.typeError, "\(function)() argument '\(parameter)' must be str, not \(value.typeName)")
        }
        return s
    }

    static func flag(_ value: Value?, _ function: String, _ parameter: String) throws -> Bool {
        switch value {
        case nil, .none?: return false
        case .bool(let b)?: return b
        case .int(let i)?: return i != 0
        case let other?: throw ScriptError(.typeError, "\(function)() argument '\(parameter)' must be a bool, not \(other.typeName)")
        }
    }
}

/// `HTML(...)`, `Markdown(...)`, `Image(...)`: a value shown in one rich MIME type.
final class RichDisplayObject: ScriptObject {
    enum Kind: Equatable {
        case html, markdown
        case image(mime: String)
    }
    let kind: Kind
    /// The text (HTML, Markdown) or base64 image bytes.
    let data: String

    init(kind: Kind, _ data: String) {
        self.kind = kind
        self.data = data
    }

    var typeName: String {
        switch kind {
        case .html: return "HTML"
        case .markdown: return "Markdown"
        case .image: return "Image"
        }
    }
    func repr() -> String { "<IPython.core.display.\(typeName) object>" }
    var attributeNames: [String] { ["data"] }
    func attribute(_ name: String, interpreter: Interpreter) throws -> Value? {
        name == "data" ? .str(data) : nil
    }
    func richRepresentations() -> [String: String] {
        switch kind {
        case .html: return ["text/html": data, "text/plain": repr()]
        case .markdown: return ["text/markdown": data, "text/plain": data]
        case .image(let mime): return [mime: data, "text/plain": repr()]
        }
    }
}

/// IPython's `DisplayHandle`: `.display_id`, `.display(obj)`, `.update(obj)`.
final class DisplayHandleObject: ScriptObject {
    let displayID: String
    init(_ displayID: String) { self.displayID = displayID }

    var typeName: String { "DisplayHandle" }
    func repr() -> String { "<DisplayHandle display_id=\(displayID)>" }
    var attributeNames: [String] { ["display_id", "display", "update"] }
    func attribute(_ name: String, interpreter: Interpreter) throws -> Value? {
        switch name {
        case "display_id": return .str(displayID)
        case "display", "update":
            let update = name == "update"
            return .object(BuiltinFunction(name, doc: "\(name)(obj)\n\n\(update ? "Replaces the output of this handle (update_display_data)." : "Shows obj under this handle's display id.")") { args, interpreter in
                let b = try args.bind(name, ["obj"], required: 1)
                interpreter.sink.display(DisplayModules.mimeBundle(for: b["obj"] ?? .none), metadata: [:],
                                         displayID: self.displayID, update: update)
                return .none
            })
        default: return nil
        }
    }
}
