namespace Classroom.Emulator.Hosting;

/// <summary>Agora's paging: at most <see cref="PageSize"/> items (or fewer, when asked) from a starting one, and the item the next page starts with.</summary>
static class Paging
{
    public const int PageSize = 100;

    public static (List<T> Page, T? NextStart) Slice<T>(IReadOnlyList<T> items, int from, int size = PageSize) where T : class
    {
        var page = items.Skip(from).Take(size).ToList();
        return (page, from + size < items.Count ? items[from + size] : null);
    }
}
