using System.Reflection;
using System.Runtime.CompilerServices;
using BuildingBlocks.Contracts;
using BuildingBlocks.Messaging;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace ArchitectureTests;

/// <summary>
/// Shape rules: what must stay internal, what must stay immutable. Reflection, not IL, because it sees
/// inherited interfaces and <c>init</c> accessors exactly. Each rule returns the violators' full names.
/// </summary>
internal static class ConventionRules
{
    private static readonly Type[] HandlerInterfaces =
    [
        typeof(IRequestHandler<>), typeof(IRequestHandler<,>), typeof(ICommandHandler<>), typeof(ICommandHandler<,>),
        typeof(IQueryHandler<,>), typeof(INotificationHandler<>), typeof(IStreamRequestHandler<,>),
        typeof(IStreamCommandHandler<,>), typeof(IStreamQueryHandler<,>), typeof(IIntegrationEventHandler<>),
    ];

    public static IReadOnlyList<string> PublicHandlers(TypeSet set) => Names(set.Reflect()
        .Where(t => t is { IsVisible: true, IsInterface: false } && IsHandler(t)));

    public static IReadOnlyList<string> PublicEndpoints(TypeSet set) => Names(set.Reflect()
        .Where(t => t is { IsVisible: true, IsClass: true } && IsEndpoint(t)));

    public static IReadOnlyList<string> PublicDbContexts(TypeSet set) => Names(set.Reflect()
        .Where(t => t.IsVisible && t.IsSubclassOf(typeof(DbContext))));

    /// <summary>Contract messages, and the DTOs they carry or answer with, that can change after
    /// construction.</summary>
    public static IReadOnlyList<string> MutableContracts(TypeSet set)
    {
        var scope = set.Reflect().ToHashSet();
        var messages = scope.Where(t => !t.IsInterface && IsMessage(t));
        return Names(Reachable(messages, scope).Where(IsMutable));
    }

    private static bool IsHandler(Type type) => type.GetInterfaces()
        .Any(i => i.IsGenericType && HandlerInterfaces.Contains(i.GetGenericTypeDefinition()));

    private static bool IsEndpoint(Type type) =>
        type.Name.EndsWith("Endpoint", StringComparison.Ordinal)
        || type.Name.EndsWith("Endpoints", StringComparison.Ordinal)
        || ((type.Namespace ?? "").Split('.').Contains("Features") && type
            .GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Any(m => m.Name.StartsWith("Map", StringComparison.Ordinal)));

    private static bool IsMessage(Type type) =>
        typeof(IMessage).IsAssignableFrom(type) || typeof(IStreamMessage).IsAssignableFrom(type) ||
        typeof(IIntegrationEvent).IsAssignableFrom(type);

    /// <summary>The messages plus every type of the scope reachable through their public properties, fields and
    /// responses.</summary>
    private static HashSet<Type> Reachable(IEnumerable<Type> roots, HashSet<Type> scope)
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>(roots);
        while (pending.TryPop(out var type))
        {
            foreach (var part in Parts(type))
            {
                var definition = part.IsGenericType ? part.GetGenericTypeDefinition() : part;
                if (scope.Contains(definition) && seen.Add(definition))
                {
                    foreach (var member in MemberTypes(definition))
                    {
                        pending.Push(member);
                    }
                }
            }
        }

        return seen;
    }

    private static IEnumerable<Type> MemberTypes(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.PropertyType)
            .Concat(type.GetFields(BindingFlags.Public | BindingFlags.Instance).Select(f => f.FieldType))
            .Concat(type.GetInterfaces().Where(i => i.IsGenericType).SelectMany(i => i.GetGenericArguments()));

    /// <summary>A type and what it is made of: <c>IReadOnlyList&lt;CartLine&gt;[]</c> is also
    /// <c>CartLine</c>.</summary>
    private static IEnumerable<Type> Parts(Type type)
    {
        yield return type;
        if (type.HasElementType)
        {
            foreach (var part in Parts(type.GetElementType()!))
            {
                yield return part;
            }
        }

        if (type.IsGenericType)
        {
            foreach (var part in type.GetGenericArguments().Where(a => !a.IsGenericParameter).SelectMany(Parts))
            {
                yield return part;
            }
        }
    }

    private static bool IsMutable(Type type) => !type.IsEnum && (
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Any(p => p.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter)) ||
        type.GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Any(f => f is { IsInitOnly: false, IsLiteral: false }));

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

    private static string[] Names(IEnumerable<Type> types) =>
        types.Select(t => t.FullName!).Distinct().Order(StringComparer.Ordinal).ToArray();
}
