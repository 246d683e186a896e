namespace CrmFunctions.Storage;

internal enum StorageServiceKind
{
    Blob,
    Queue,
    Table,
}
