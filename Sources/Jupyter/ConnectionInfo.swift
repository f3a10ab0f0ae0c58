import Foundation

/// The connection file a Jupyter client writes and passes to the kernel as `{connection_file}`
/// ("Making kernels for Jupyter", *Connection files*).
///
/// ```json
/// {"transport": "tcp", "ip": "127.0.0.1", "shell_port": 53794, "iopub_port": 53795,
///  "stdin_port": 53796, "control_port": 53797, "hb_port": 53798,
///  "signature_scheme": "hmac-sha256", "key": "a0436f6c-…", "kernel_name": "factorize"}
/// ```
public struct ConnectionInfo: Equatable, Sendable {
    /// The ZeroMQ transport: `tcp` or `ipc`.
    public enum Transport: String, Sendable {
        case tcp, ipc
    }

    public var transport: Transport
    /// For `tcp` an address (e.g. `127.0.0.1`); for `ipc` the path prefix of the socket files.
    public var ip: String
    public var shellPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var controlPort: Int
    public var heartbeatPort: Int
    /// `hmac-<hash>`; `hmac-sha256` in practice.
    public var signatureScheme: String
    /// The HMAC key (UTF-8 bytes of this string). Empty disables signing.
    public var key: String
    /// The kernelspec name, when the client wrote one.
    public var kernelName: String?

    public init(transport: Transport = .tcp, ip: String = "127.0.0.1", shellPort: Int, iopubPort: Int,
                stdinPort: Int, controlPort: Int, heartbeatPort: Int,
                signatureScheme: String = "hmac-sha256", key: String, kernelName: String? = nil) {
        self.transport = transport
        self.ip = ip
        self.shellPort = shellPort
        self.iopubPort = iopubPort
        self.stdinPort = stdinPort
        self.controlPort = controlPort
        self.heartbeatPort = heartbeatPort
        self.signatureScheme = signatureScheme
        self.key = key
        self.kernelName = kernelName
    }

    /// Parses the JSON of a connection file.
    /// - Throws: `KernelError.invalidConnectionFile` for invalid JSON, a missing or mistyped port,
    ///   or an unknown transport.
    public init(json data: Data) throws {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: data)
        } catch {
            throw KernelError.invalidConnectionFile("\(error)")
        }
        guard value.objectValue != nil else {
            throw KernelError.invalidConnectionFile("the top level is not a JSON object")
        }
        func port(_ name: String) throws -> Int {
            guard let port = value[name]?.intValue ?? value[name]?.stringValue.flatMap({ Int($0) }),
                  port >= 0, port <= 65535
            else { throw KernelError.invalidConnectionFile("missing or invalid \"\(name)\"") }
            return port
        }
        let transportName = value["transport"]?.stringValue ?? "tcp"
        guard let transport = Transport(rawValue: transportName) else {
            throw KernelError.invalidConnectionFile("unsupported transport \"\(transportName)\" (expected tcp or ipc)")
        }
        self.init(transport: transport,
                  ip: value["ip"]?.stringValue ?? (transport == .tcp ? "127.0.0.1" : "kernel-ipc"),
                  shellPort: try port("shell_port"), iopubPort: try port("iopub_port"),
                  stdinPort: try port("stdin_port"), controlPort: try port("control_port"),
                  heartbeatPort: try port("hb_port"),
                  signatureScheme: value["signature_scheme"]?.stringValue ?? "hmac-sha256",
                  key: value["key"]?.stringValue ?? "",
                  kernelName: value["kernel_name"]?.stringValue)
    }

    /// Reads and parses a connection file.
    /// - Throws: `KernelError.invalidConnectionFile` when the file cannot be read or parsed.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KernelError.invalidConnectionFile("cannot read \(path)")
        }
        try self.init(json: data)
    }

    /// The ZeroMQ endpoint for `port`, as jupyter_client builds it: `tcp://IP:PORT`, or
    /// `ipc://IP-PORT` (the "port" is a numeric suffix of a file path).
    public func endpoint(port: Int) -> String {
        switch transport {
        case .tcp:
            // An IPv6 literal needs brackets in a ZeroMQ tcp endpoint.
            let host = ip.contains(":") && !ip.hasPrefix("[") ? "[\(ip)]" : ip
            return "tcp://\(host):\(port)"
        case .ipc:
            return "ipc://\(ip)-\(port)"
        }
    }
}

/// Errors of the Jupyter layer that stop the kernel from starting (a bad request never throws
/// one of these: it is logged and dropped).
public enum KernelError: Error, CustomStringConvertible, Equatable {
    /// The connection file is unreadable or malformed; the string says why.
    case invalidConnectionFile(String)
    /// `signature_scheme` names a hash this kernel does not support.
    case unsupportedSignatureScheme(String)
    /// A ZeroMQ call failed: the operation and `zmq_strerror`.
    case zeroMQ(String)

    public var description: String {
        switch self {
        case .invalidConnectionFile(let why): return "invalid connection file: \(why)"
        case .unsupportedSignatureScheme(let scheme):
            return "unsupported signature_scheme \"\(scheme)\" (supported: hmac-sha256, hmac-sha384, hmac-sha512)"
        case .zeroMQ(let why): return "ZeroMQ error: \(why)"
        }
    }
}
