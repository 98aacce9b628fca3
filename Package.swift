// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "iskra",
    products: [
        .executable(name: "iskra", targets: ["iskra"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Content model, parser, people register and matcher, search. Knows nothing of terminals.
        .target(name: "IskraCore"),
        // Terminal-agnostic toolkit: cells, styles, screen buffer + diff, width, wrapping, widgets.
        .target(name: "TextUI"),
        // App state, pure reducer, keymap, views.
        .target(name: "Explorer", dependencies: ["IskraCore", "TextUI"]),
        // The only place that touches ncurses.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .target(name: "CursesBackend", dependencies: ["TextUI", "CNcursesw"]),
        // stdio's stdout for the command line's write checks (Swift 6 cannot name it).
        .systemLibrary(name: "CStandardStreams", path: "Sources/CStandardStreams"),
        .executableTarget(
            name: "iskra",
            dependencies: [
                "IskraCore", "TextUI", "Explorer", "CursesBackend", "CStandardStreams",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // A file sees another module's extensions only if it imports that module itself,
            // so a command that does not import Explorer cannot lean on it by accident.
            swiftSettings: [.enableUpcomingFeature("MemberImportVisibility")]
        ),
        // Deterministic random generation shared by the fuzz tests.
        .target(name: "FuzzSupport", path: "Tests/FuzzSupport"),
        .testTarget(name: "IskraCoreTests", dependencies: ["IskraCore", "FuzzSupport"], exclude: ["Layouts"]),
        .testTarget(name: "TextUITests", dependencies: ["TextUI"]),
        .testTarget(name: "ExplorerTests", dependencies: ["Explorer", "IskraCore", "TextUI", "FuzzSupport"],
                    exclude: ["__Snapshots__"]),
        // The end-to-end tests run .build/debug/iskra: depending on the executable makes
        // `swift test` relink it whenever its code changed, so they never run a stale binary.
        .testTarget(name: "EndToEndTests", dependencies: ["iskra", "IskraCore", "FuzzSupport"]),
        // The executable's event loop, run in-process on the in-memory terminal.
        .testTarget(name: "LoopTests", dependencies: ["iskra", "Explorer", "IskraCore", "TextUI"]),
        .testTarget(name: "CursesBackendTests", dependencies: ["CursesBackend", "CNcursesw", "TextUI"]),
    ]
)
