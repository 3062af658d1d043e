namespace Classroom.Emulator.Hosting;

/// <summary>Agora's paging: at most <see cref="PageSize"/> items from a starting one, and the item the next page starts with.</summary>
static class Paging
{
    public const int PageSize = 100;

    public static (List<T> Page, T? NextStart) Slice<T>(IReadOnlyList<T> items, int from) where T : class
    {
        var page = items.Skip(from).Take(PageSize).ToList();
        return (page, from + PageSize < items.Count ? items[from + PageSize] : null);
    }
}
