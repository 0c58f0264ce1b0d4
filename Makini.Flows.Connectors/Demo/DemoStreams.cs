namespace Makini.Flows.Connectors.Demo;

/// <summary>Keys that give each part of the generator its own random numbers, so adding one never shifts another.</summary>
internal enum DemoStreams : long
{
    Sites = 1,
    Users,
    Vendors,
    Assets,
    Parts,
    AssetHealth,
    Stock,
    WorkOrders,
    PurchaseOrders,
}
