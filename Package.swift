// swift-tools-version:5.9
// Factorize: a Jupyter kernel for matrix-factorization recommenders (see ../shared/DESIGN.md).
// Layers, arrows pointing down only:
//   factorize → Jupyter, Builtins, CEditLine
//   Builtins → Script, Learn, Graph, Tensor, Frames, Plot
//   Learn → Graph → Tensor → CBLAS;  Frames → Tensor;  Plot → CPNG, CFreeType;  Jupyter → CZeroMQ, Crypto
import PackageDescription

let optimized: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release))]

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

        .target(name: "Tensor", dependencies: ["CBLAS"], swiftSettings: optimized),
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
