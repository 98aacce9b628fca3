import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import IskraCore

@main
struct Iskra: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iskra",
        abstract: "A terminal explorer for source-rich history texts.",
        discussion: """
            iskra [FILE] [--fresh] [--no-mouse] [--color auto|always|never]
              opens the explorer on FILE (default: the bundled book); see `iskra open --help`.
            In the explorer, ? lists every key.
            """,
        subcommands: [Open.self, Export.self, Search.self, People.self, Bookmarks.self, Bench.self],
        defaultSubcommand: Open.self
    )

    /// The subcommands' names spelled out, so that `iskra [FILE]` need not build the command
    /// tree (its type metadata costs about a millisecond before the first frame). Debug
    /// builds, which the tests run, check it against the tree.
    static let subcommandNames: Set<String> = ["open", "export", "search", "people", "bookmarks", "bench", "help"]

    static func main() {
        assert(subcommandNames == Set(configuration.subcommands.map { $0._commandName } + ["help"]),
               "Iskra.subcommandNames is out of date")
        if let options = ExplorerOptions(fastPath: Array(CommandLine.arguments.dropFirst()), subcommands: subcommandNames) {
            openExplorer(options)
            return
        }
        main(nil)
    }
}

/// Prints a one-line error and exits with `code`, without a stack trace.
func fail(_ message: String, code: Int32 = 1) -> Never {
    printError("iskra: \(message)")
    Iskra.exit(withError: ExitCode(code))
}

func printError(_ message: String) {
    var standardError = StandardError()
    print(message, to: &standardError)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var bytes = Array(string.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
