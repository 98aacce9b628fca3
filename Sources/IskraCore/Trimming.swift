extension BidirectionalCollection where Element == UInt8 {
    /// Without the spaces, tabs and line ends around it (on UTF-8 bytes, where they are single
    /// ASCII bytes, so no Character breaking is needed).
    public var trimmingSpaceBytes: SubSequence {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var start = startIndex, end = endIndex
        while start < end, isSpace(self[start]) { start = index(after: start) }
        while end > start, isSpace(self[index(before: end)]) { end = index(before: end) }
        return self[start..<end]
    }
}

extension Substring {
    /// Without the spaces, tabs and line ends around it.
    public var trimmingSpaces: Substring { Substring(utf8.trimmingSpaceBytes) }
}

extension String {
    public var trimmingSpaces: Substring { self[...].trimmingSpaces }
}
