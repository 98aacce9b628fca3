import ArgumentParser
import IskraCore

@main
struct Iskra: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iskra",
        abstract: "A terminal explorer for source-rich history texts."
    )
}
