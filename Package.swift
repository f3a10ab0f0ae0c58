// swift-tools-version:5.9
// Factorize: a Jupyter kernel for matrix-factorization recommenders (see ../shared/DESIGN.md).
// Layers, arrows pointing down only:
//   factorize → Jupyter, Builtins, CEditLine
//   Builtins → Script, Learn, Graph, Tensor, Frames, Plot
//   Learn → Graph → Tensor → CBLAS, CPrefetch;  Frames → Tensor;  Plot → CPNG, CFreeType;  Jupyter → CZeroMQ, Crypto
import Foundation
import PackageDescription

/// The engine's vector code is compiled for AVX2 + FMA (Haswell's instruction set, x86-64-v3)
/// when the building machine has them, as every x86-64 server of the last decade does; Swift
/// never fuses a multiply and an add on its own, so results are the same bit for bit, only
/// twice as wide. `FACTORIZE_PORTABLE=1` builds for baseline x86-64 instead.
let hostHasAVX2: Bool = {
    guard ProcessInfo.processInfo.environment["FACTORIZE_PORTABLE"] == nil,
          let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let flags = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return false }
    let names = Set(flags.split(separator: " ").map(String.init))
    return names.isSuperset(of: ["avx", "avx2", "fma", "f16c", "bmi2"])
}()
let optimized: [SwiftSetting] = [.unsafeFlags(
    ["-Ounchecked", "-wmo"] + (hostHasAVX2 ? ["-target-cpu", "haswell"] : []), .when(configuration: .release))]

let package = Package(
    name: "Factorize",
    products: [
        .executable(name: "factorize", targets: ["factorize"]),
        .library(name: "FactorizeEngine", targets: ["Tensor", "Graph", "Learn"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"4.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.19"),
    ],
    targets: [
        .systemLibrary(name: "CZeroMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CFreeType", pkgConfig: "freetype2", providers: [.apt(["libfreetype-dev"])]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .systemLibrary(name: "CPrefetch"),

        .target(name: "Tensor", dependencies: ["CBLAS", "CPrefetch"], swiftSettings: optimized),
        .target(name: "Graph", dependencies: ["Tensor"], swiftSettings: optimized),
        .target(name: "Learn", dependencies: ["Graph", "Tensor"], swiftSettings: optimized),
        .target(name: "Frames", dependencies: ["Tensor"], swiftSettings: optimized),
        .target(name: "Plot", dependencies: ["CPNG", "CFreeType"], swiftSettings: optimized),
        .target(name: "Script", dependencies: []),
        .target(name: "Builtins", dependencies: ["Script", "Learn", "Graph", "Tensor", "Frames", "Plot", "ZIPFoundation"]),
        .target(name: "Jupyter", dependencies: ["CZeroMQ", .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(name: "factorize", dependencies: [
            "Jupyter", "Builtins", "Script", "CEditLine",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "TensorTests", dependencies: ["Tensor"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GraphTests", dependencies: ["Graph", "Tensor"]),
        .testTarget(name: "LearnTests", dependencies: ["Learn", "Graph", "Tensor"]),
        .testTarget(name: "FramesTests", dependencies: ["Frames", "Tensor"], exclude: ["Fixtures"]),
        .testTarget(name: "ScriptTests", dependencies: ["Script"], resources: [.copy("Scripts")]),
        .testTarget(name: "BuiltinsTests", dependencies: ["Builtins", "Script"]),
        .testTarget(name: "JupyterTests", dependencies: ["Jupyter"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot"]),
    ]
)
