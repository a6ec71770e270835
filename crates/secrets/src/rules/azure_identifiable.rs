//! Azure keys in Microsoft's identifiable format: a random key with a fixed signature at a
//! fixed offset (`+ASt` for Storage, `ACDb` for Cosmos DB, `AzFu` for Functions, …) and a
//! fixed length, as Microsoft documents for its services' access keys (Microsoft Security
//! Utilities, "identifiable secrets"). The signature at its offset is what decides, so a
//! value is ruled out only when it is a marked placeholder.

use provenance_findings::Severity::Critical;

use crate::rule::{rule, Check, RuleInfo};

pub(super) const RULES: &[RuleInfo] = &[
    rule(
        "azure-storage-identifiable-key",
        Critical,
        "Azure Storage account key in Microsoft's identifiable format (+ASt)",
        &["+ast"],
        r"(?:^|[^A-Za-z0-9+/_-])(?P<s>[A-Za-z0-9+/]{76}\+ASt[A-Za-z0-9+/]{5}[AQgw]==)(?:[^A-Za-z0-9+/_=-]|$)",
        // the signature at its fixed offset and the key's fixed length decide
        Check::Format,
    ),
    rule(
        "azure-cosmosdb-identifiable-key",
        Critical,
        "Azure Cosmos DB key in Microsoft's identifiable format (ACDb)",
        &["acdb"],
        r"(?:^|[^A-Za-z0-9+/_-])(?P<s>[A-Za-z0-9+/]{76}ACDb[A-Za-z0-9+/]{5}[AQgw]==)(?:[^A-Za-z0-9+/_=-]|$)",
        // the signature at its fixed offset and the key's fixed length decide
        Check::Format,
    ),
    rule(
        "azure-batch-identifiable-key",
        Critical,
        "Azure Batch account key in Microsoft's identifiable format (+ABa)",
        &["+aba"],
        r"(?:^|[^A-Za-z0-9+/_-])(?P<s>[A-Za-z0-9+/]{76}\+ABa[A-Za-z0-9+/]{5}[AQgw]==)(?:[^A-Za-z0-9+/_=-]|$)",
        // the signature at its fixed offset and the key's fixed length decide
        Check::Format,
    ),
    rule(
        "azure-apim-identifiable-key",
        Critical,
        "Azure API Management subscription, gateway or repository key in Microsoft's identifiable format (APIM)",
        &["apim"],
        r"(?:^|[^A-Za-z0-9+/_-])(?P<s>[A-Za-z0-9+/]{76}APIM[A-Za-z0-9+/]{5}[AQgw]==)(?:[^A-Za-z0-9+/_=-]|$)",
        // the signature at its fixed offset and the key's fixed length decide
        Check::Format,
    ),
    rule(
        "azure-ml-classic-identifiable-key",
        Critical,
        "Azure Machine Learning (classic) web service key in Microsoft's identifiable format (+AMC)",
        &["+amc"],
        r"(?:^|[^A-Za-z0-9+/_-])(?P<s>[A-Za-z0-9+/]{76}\+AMC[A-Za-z0-9+/]{5}[AQgw]==)(?:[^A-Za-z0-9+/_=-]|$)",
        // the signature at its fixed offset and the key's fixed length decide
        Check::Format,
    ),
    rule(
        "azure-cache-redis-identifiable-key",
        Critical,
        "Azure Cache for Redis access key in Microsoft's identifiable format (AzCa)",
        &["azca"],
        r"(?:^|[^A-Za-z0-9+/_-])(?P<s>[A-Za-z0-9+/]{33}AzCa[A-P][A-Za-z0-9+/]{5}=)(?:[^A-Za-z0-9+/_=-]|$)",
        // the signature at its fixed offset and the key's fixed length decide
        Check::Format,
    ),
    rule(
        "azure-iot-identifiable-key",
        Critical,
        "Azure IoT Hub, device or Device Provisioning key in Microsoft's identifiable format (AIoT)",
        &["aiot"],
        r"(?:^|[^A-Za-z0-9+/_-])(?P<s>[A-Za-z0-9+/]{33}AIoT[A-P][A-Za-z0-9+/]{5}=)(?:[^A-Za-z0-9+/_=-]|$)",
        // the signature at its fixed offset and the key's fixed length decide
        Check::Format,
    ),
    rule(
        "azure-event-grid-identifiable-key",
        Critical,
        "Azure Event Grid access key in Microsoft's identifiable format (AZEG)",
        &["azeg"],
        r"(?:^|[^A-Za-z0-9+/_-])(?P<s>[A-Za-z0-9+/]{33}AZEG[A-P][A-Za-z0-9+/]{5}=)(?:[^A-Za-z0-9+/_=-]|$)",
        // the signature at its fixed offset and the key's fixed length decide
        Check::Format,
    ),
    rule(
        "azure-messaging-identifiable-key",
        Critical,
        "Azure Service Bus, Event Hubs or Relay shared access key in Microsoft's identifiable format (+ASb, +AEh, +ARm)",
        &["+asb", "+aeh", "+arm"],
        r"(?:^|[^A-Za-z0-9+/_-])(?P<s>[A-Za-z0-9+/]{33}\+A(?:Sb|Eh|Rm)[A-P][A-Za-z0-9+/]{5}=)(?:[^A-Za-z0-9+/_=-]|$)",
        // the signature at its fixed offset and the key's fixed length decide
        Check::Format,
    ),
    rule(
        "azure-function-identifiable-key",
        Critical,
        "Azure Functions key in Microsoft's identifiable format (AzFu)",
        &["azfu"],
        r"(?:^|[^A-Za-z0-9_-])(?P<s>[A-Za-z0-9_-]{44}AzFu[A-Za-z0-9_-]{5}[AQgw]==)(?:[^A-Za-z0-9_=-]|$)",
        // the signature at its fixed offset and the key's fixed length decide
        Check::Format,
    ),
    rule(
        "azure-search-identifiable-key",
        Critical,
        "Azure AI Search query or admin key in Microsoft's identifiable format (AzSe)",
        &["azse"],
        r"(?:^|[^A-Za-z0-9+/_-])(?P<s>[A-Za-z0-9]{42}AzSe[A-D][A-Za-z0-9]{5})(?:[^A-Za-z0-9+/_=-]|$)",
        // the signature at its fixed offset and the key's fixed length decide
        Check::Format,
    ),
    rule(
        "azure-container-registry-identifiable-key",
        Critical,
        "Azure Container Registry access key in Microsoft's identifiable format (+ACR)",
        &["+acr"],
        r"(?:^|[^A-Za-z0-9+/_-])(?P<s>[A-Za-z0-9+/]{42}\+ACR[A-D][A-Za-z0-9+/]{5})(?:[^A-Za-z0-9+/_=-]|$)",
        // the signature at its fixed offset and the key's fixed length decide
        Check::Format,
    ),
];
