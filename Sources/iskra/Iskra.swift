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

    static func main() {
        let names = Set(configuration.subcommands.map { $0._commandName } + ["help"])
        if let options = ExplorerOptions(fastPath: Array(CommandLine.arguments.dropFirst()), subcommands: names) {
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
