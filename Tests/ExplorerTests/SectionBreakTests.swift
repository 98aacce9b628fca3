import Testing
@testable import Explorer
@testable import IskraCore

/// A Markdown rule or an asterism between sections is a break, not a paragraph of text.
@Suite("Section breaks")
struct SectionBreakTests {
    @Test func aRuleIsDrawnAsABreakNotAsText() throws {
        let text = "# A Narrative\n\n## Author: A. Writer\n\n-------\n\n## CHAPTER I\n\nIt begins.\n\n*       *       *\n\nIt goes on.\n\n## CHAPTER II\n\nIt ends.\n"
        let book = Book(document: Parser.parse(text: text, path: "narrative.md"), register: nil)
        let layout = ReaderLayout(book: book, page: .chapter(0), width: 40)
        let rule = try #require(layout.lines.first { $0.text == "-------" })
        #expect(rule.role == .separator && rule.prefix == String(repeating: " ", count: 16))
        #expect(layout.lines.contains { $0.text == "Author: A. Writer" && $0.role == .paragraph })
        let chapter = ReaderLayout(book: book, page: .chapter(1), width: 40)
        #expect(chapter.lines.first { $0.text.hasPrefix("*") }?.role == .separator)
        #expect(chapter.lines.first { $0.text == "It goes on." }?.role == .paragraph)
        // Prose is never a break, nor a line with two kinds of marks.
        for prose in ["--", "- a list item", "*-*", "It -- goes --- on"] {
            #expect(!Paragraph(line: 1, endLine: 1, text: prose, segments: []).isSectionBreak, "\(prose)")
        }
    }
}
