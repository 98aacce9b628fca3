import TextUI

/// The screen shown while a large book loads: "Loading NAME… 43%", a bar, and how to quit.
/// Pure, like every view; the runtime redraws it as the loader reports progress.
/// `pipeBytes`: for a pipe, whose size is unknown, the bytes read so far (shown instead of a
/// percentage that would sit at 0%).
public func renderLoading(fileName: String, fraction: Double, size: Size, theme: Theme, pipeBytes: Int? = nil) -> ScreenBuffer {
    var buffer = ScreenBuffer(size: Size(width: max(0, size.width), height: max(0, size.height)))
    let width = buffer.size.width, height = buffer.size.height
    guard width > 0, height > 0 else { return buffer }
    let clamped = fraction.isFinite ? min(1, max(0, fraction)) : 0
    let percent = Int(clamped * 100)
    let barWidth = max(0, min(40, width - 4))
    let filled = Int((Double(barWidth) * clamped).rounded(.down))
    // The last tenth is finding people in the parsed text: say so, or it looks stuck.
    let doing = fraction >= 0.9 && fraction < 1 ? "Finding people in" : "Loading"
    let amount = pipeBytes.map { "\($0 >> 20) MB read" } ?? "\(percent)%"
    var message = "\(doing) \(fileName)… \(amount)"
    if DisplayWidth.of(message) > width { message = "Loading… \(amount)" }
    var lines: [(String, Style)] = [(message, theme.style(.listRow))]
    if barWidth > 0 && height >= 3 {
        lines.append((String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled),
                      theme.style(.listRowDim)))
    }
    if height >= 5 { lines.append(("q quits", theme.style(.listRowDim))) }
    buffer.putCentered(lines)
    return buffer
}
