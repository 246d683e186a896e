using System.Globalization;
using CrmFunctions.Barometers;
using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Enrichment;
using CrmFunctions.Privacy;
using CrmFunctions.Storage;

namespace CrmFunctions.Ingest;

/// <summary>
/// Stays table: the stays sent with contacts, as the barometers count them (complaints per 100 stays).
/// Partition = the UTC day we received the delivery (yyyyMMdd), like every fact table; row = <see cref="RowKey"/>.
/// Columns: Source, PropertyId, ReservationId, Arrival, Departure, CheckOutOn (yyyy-MM-dd, the day it counts on),
/// RoomNights, Revenue, Currency, Segment, GuestKey (<see cref="GuestKeyer"/>: a keyed one-way key of the guest's e-mail or phone, for erasure),
/// IngestionId, IngestedAt. No name, e-mail or phone in clear: the golden record keeps those.
/// </summary>
public static class StayRows
{
    /// <summary>
    /// The same stay must get the same key whoever sends it and however often: property + reservation id when there is
    /// one (a re-sent PMS export, the booking engine and the PMS reporting one reservation), otherwise property, dates
    /// and the guest's e-mail or phone. A stay with none of these can only be told apart by its delivery.
    /// </summary>
    public static string RowKey(string source, string ingestionId, int index, ContactInput contact, StayInput stay, GuestKeyer keys)
    {
        var property = stay.PropertyId!.Trim();
        if (!string.IsNullOrWhiteSpace(stay.ReservationId))
            return SignedBatch.StableKey("st-", property, "reservation", stay.ReservationId.Trim());
        var dates = $"{stay.Arrival:yyyy-MM-dd}/{StayMetrics.End(stay):yyyy-MM-dd}";
        return GuestKey(contact, keys) is { } guest
            ? SignedBatch.StableKey("st-", property, "guest", guest, dates)
            : SignedBatch.StableKey("st-", property, "delivery", source, ingestionId, index.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The row of the contact's stay, or null when it has none or none the barometers can place on a day.</summary>
    public static TableEntity? ToEntity(string source, IngestionTicket ticket, int index, ContactInput contact, GuestKeyer keys)
    {
        if (contact.Stay is not { } stay || string.IsNullOrWhiteSpace(stay.PropertyId) || StayMetrics.End(stay) is not { } checkOut)
            return null;
        return Rows.WithoutNulls(new TableEntity(SurveyRows.Partition(ticket.ReceivedAt),
            RowKey(source, ticket.IngestionId, index, contact, stay, keys))
        {
            ["Source"] = source,
            ["PropertyId"] = stay.PropertyId.Trim(),
            ["ReservationId"] = stay.ReservationId?.Trim(),
            ["Arrival"] = stay.Arrival?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Departure"] = stay.Departure?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["CheckOutOn"] = checkOut.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["RoomNights"] = stay.RoomNights,
            ["Revenue"] = stay.Revenue is { } revenue ? (double)revenue : null,
            ["Currency"] = stay.Currency,
            ["Segment"] = string.IsNullOrWhiteSpace(stay.Segment) ? null : stay.Segment.Trim(),
            ["GuestKey"] = GuestKey(contact, keys),
            ["IngestionId"] = ticket.IngestionId,
            ["IngestedAt"] = ticket.ReceivedAt,
        });
    }

    /// <summary>Of the first e-mail, else the first phone, read in the guest's country as the pipeline reads it.</summary>
    private static string? GuestKey(ContactInput contact, GuestKeyer keys) =>
        keys.Of(contact.Emails?.FirstOrDefault(e => !string.IsNullOrWhiteSpace(e)),
            contact.Phones?.FirstOrDefault(p => !string.IsNullOrWhiteSpace(p)),
            contact.Country ?? contact.Address?.Country);
}
